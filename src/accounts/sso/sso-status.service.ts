import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../audit/entities/audit-event.entity';
import { DomainError } from '../../common/errors/domain-error';
import type { UserContext } from '../../common/request-context';
import { SecretBox, SecretUnreadableError } from '../../common/secrets/secret-box';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { administers } from '../auth/auth-user';
import { checkConnection } from './connection-check';
import type { ConnectionCheck } from './connection-check';
import { IdentityProvider } from './entities/identity-provider.entity';

/** How many recent refused sign-ins the status page lists. */
const RECENT_REFUSALS = 10;
/** Refused logins read to find them: password logins are refused far more often. */
const SCANNED_REFUSALS = 200;

export interface SsoRefusal {
  at: Date;
  reason: string;
}

/**
 * What an organisation's admin may know of its sign-in through its own provider: the settings the
 * operator made (never the client secret), the recent refusals, and whether the provider answers
 * now. Setting the provider stays with the operator (sso-settings.service.ts).
 */
@Injectable()
export class SsoStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  async status(ctx: UserContext, organisationId: number) {
    const organisation = await this.administered(ctx, organisationId);
    const provider = await this.dataSource.getRepository(IdentityProvider).findOne({
      where: { organisationId },
      select: {
        id: true,
        issuer: true,
        clientId: true,
        scopes: true,
        emailClaim: true,
        roleClaim: true,
        roleMap: true,
        clientSecret: true,
        updatedAt: true,
      },
    });
    return {
      organisation,
      provider,
      secretReadable: provider ? this.readable(provider.clientSecret) : true,
      refusals: provider ? await this.refusals(organisationId) : [],
    };
  }

  /** Asks the provider for its discovery document now; 404 when the organisation has none. */
  async check(ctx: UserContext, organisationId: number): Promise<ConnectionCheck> {
    await this.administered(ctx, organisationId);
    const provider = await this.dataSource
      .getRepository(IdentityProvider)
      .findOneBy({ organisationId });
    if (!provider) throw new DomainError('NOT_FOUND');
    return checkConnection(provider.issuer, provider.clientId);
  }

  /** Whether this instance can open the stored client secret (sealed under its SESSION_SECRET). */
  private readable(stored: string): boolean {
    try {
      this.secrets.open(stored);
      return true;
    } catch (err) {
      if (err instanceof SecretUnreadableError) return false;
      throw err;
    }
  }

  private async refusals(organisationId: number): Promise<SsoRefusal[]> {
    const events = await this.dataSource.getRepository(AuditEvent).find({
      where: { organisationId, action: 'auth.login', result: 'refused' },
      order: { seq: 'DESC' },
      take: SCANNED_REFUSALS,
    });
    return events
      .filter((e) => e.details?.via === 'sso')
      .slice(0, RECENT_REFUSALS)
      .map((e) => ({ at: e.occurredAt, reason: String(e.details?.reason ?? '') }));
  }

  private async administered(ctx: UserContext, organisationId: number): Promise<Organisation> {
    const organisation = administers(ctx, organisationId)
      ? await this.dataSource.getRepository(Organisation).findOneBy({ id: organisationId })
      : null;
    // Another organisation's sign-in is not there for this admin at all.
    if (!organisation) throw new DomainError('NOT_FOUND');
    return organisation;
  }
}
