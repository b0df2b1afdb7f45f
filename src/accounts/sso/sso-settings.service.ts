import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { fieldError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/request-context';
import { isSealed, MAX_SEALED_PLAIN, SecretBox } from '../../common/secrets/secret-box';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { Role, ROLES } from '../role';
import { SsoSettingsDto } from './dto/sso-settings.dto';
import { IdentityProvider } from './entities/identity-provider.entity';
import { isLoopbackHost } from './oidc-client';

/**
 * An organisation's identity provider, set and removed by the operator at the command line: a
 * provider decides who signs in with which roles, so it is not something an organisation's admin
 * can point elsewhere from a web page.
 */
@Injectable()
export class SsoSettingsService {
  private readonly log = new Logger(SsoSettingsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * Seals client secrets stored before they were sealed; the server does this at every start, after
   * the migrations. Each is replaced only if it is still the same plain value, so an instance
   * starting beside another, or a new configuration, is never overwritten.
   */
  async sealStoredSecrets(): Promise<void> {
    const providers = await this.dataSource.getRepository(IdentityProvider).find();
    for (const provider of providers) {
      if (isSealed(provider.clientSecret)) continue;
      if (provider.clientSecret.length > MAX_SEALED_PLAIN) {
        this.log.warn(
          `The client secret of ${provider.issuer} is too long to seal; run sso:configure again.`,
        );
        continue;
      }
      await this.dataSource
        .getRepository(IdentityProvider)
        .update(
          { id: provider.id, clientSecret: provider.clientSecret },
          { clientSecret: this.secrets.seal(provider.clientSecret) },
        );
    }
  }

  async configure(ctx: RequestContext, dto: SsoSettingsDto): Promise<IdentityProvider> {
    const issuer = checkedIssuer(dto.issuer);
    const roleMap = parseRoleMap(dto.roles ?? '');
    if (dto.roleClaim && Object.keys(roleMap).length === 0)
      throw fieldError('roles', 'validation.sso.rolesNeeded');
    if (!dto.roleClaim && dto.roles)
      throw fieldError('roleClaim', 'validation.sso.roleClaimNeeded');
    return this.dataSource.transaction(async (em) => {
      const organisation = await em.findOneBy(Organisation, { name: dto.organisation.trim() });
      if (!organisation) throw fieldError('organisation', 'validation.sso.organisation');
      const existing = await em.findOneBy(IdentityProvider, { organisationId: organisation.id });
      const provider = await em.save(
        em.merge(IdentityProvider, existing ?? em.create(IdentityProvider), {
          organisationId: organisation.id,
          issuer,
          clientId: dto.clientId.trim(),
          clientSecret: this.secrets.seal(dto.clientSecret),
          scopes: (dto.scopes ?? 'openid email profile').trim(),
          emailClaim: dto.emailClaim ?? 'email',
          roleClaim: dto.roleClaim ?? null,
          roleMap,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'sso.configure',
        objectType: 'organisation',
        objectId: organisation.id,
        organisationId: organisation.id,
        result: 'success',
        // Never the client secret.
        details: { issuer, clientId: provider.clientId, roleClaim: provider.roleClaim, roleMap },
      });
      provider.organisation = organisation;
      return provider;
    });
  }

  /** Stops sign-in through the organisation's provider; local accounts keep working. */
  async remove(ctx: RequestContext, organisationName: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const organisation = await em.findOneBy(Organisation, { name: organisationName.trim() });
      if (!organisation) throw fieldError('organisation', 'validation.sso.organisation');
      const { affected } = await em.delete(IdentityProvider, { organisationId: organisation.id });
      if (!affected) return false;
      await this.audit.record(em, ctx, {
        action: 'sso.remove',
        objectType: 'organisation',
        objectId: organisation.id,
        organisationId: organisation.id,
        result: 'success',
      });
      return true;
    });
  }
}

/** An absolute URL; HTTPS, except for a provider on this machine (a test or a local proxy). */
function checkedIssuer(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw fieldError('issuer', 'validation.sso.issuer');
  }
  const local = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if ((url.protocol !== 'https:' && !local) || url.search || url.hash || url.username)
    throw fieldError('issuer', 'validation.sso.issuer');
  return value.trim();
}

/** `value=role+role;value=role` → { value: [roles] }, refusing unknown roles by name. */
export function parseRoleMap(text: string): Record<string, Role[]> {
  const map: Record<string, Role[]> = {};
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const roles = entry
      .slice(at + 1)
      .split('+')
      .map((r) => r.trim());
    if (at < 1 || !value || roles.some((r) => !ROLES.includes(r as Role)))
      throw fieldError('roles', 'validation.sso.roles', { entry, roles: ROLES.join(', ') });
    map[value] = [...new Set([...(map[value] ?? []), ...(roles as Role[])])];
  }
  return map;
}
