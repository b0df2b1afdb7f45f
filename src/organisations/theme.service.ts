import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { organisationsWithRole } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { preparedQuery } from '../database/prepared';
import { fromDbTime } from '../database/sql';
import type { UserContext } from '../common/request-context';
import { bumpRegisterVersion } from '../publications/register-projection';
import { ThemeSettingsDto } from './dto/theme-settings.dto';
import { OrganisationTheme } from './entities/organisation-theme.entity';
import { Organisation } from './entities/organisation.entity';
import { themeRefOf, ThemeRef } from './theme-ref';
import { contrastRatio, MIN_CONTRAST, PAGE_BACKGROUND, sanitizeLogo } from './theme-rules';

/** Waarborg's own colours (public/css/waarborg.css), the starting point of a new theme. */
export const DEFAULT_THEME = {
  primaryColour: '#1c4966',
  primaryTextColour: '#ffffff',
  linkColour: '#00568b',
};

/** The served stylesheet of a theme: only the properties waarborg.css maps onto the tokens. */
function stylesheet(theme: OrganisationTheme): string {
  return `.voorbeeld-theme.waarborg-theme {
  --waarborg-primary: ${theme.primaryColour};
  --waarborg-primary-text: ${theme.primaryTextColour};
  --waarborg-link: ${theme.linkColour};
}
`;
}

/**
 * Organisations' own themes: read for the pages that wear them, served as a stylesheet and a
 * logo, and set by the organisation's admin under the contrast and logo rules (theme-rules.ts).
 */
@Injectable()
export class ThemeService {
  /**
   * The fields of a saved theme that `ref` needs, in one prepared query. An organisation page and
   * an entry page ask for it on every request: through the repository, with the organisation as a
   * relation, TypeORM's own work was about a tenth of an organisation page's CPU at 100,000
   * entries. Nothing is kept: a theme saved through another instance shows at the next request.
   */
  private readonly refRows: (params: unknown[]) => Promise<Record<string, unknown>[]>;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {
    this.refRows = preparedQuery(
      ds,
      'organisation_theme_ref',
      `SELECT t.organisation_id, t.name, t.has_logo, t.updated_at, o.slug
         FROM organisation_themes t JOIN organisations o ON o.id = t.organisation_id
        WHERE t.organisation_id = ?`,
    );
  }

  /** What a page of this organisation needs to wear its theme; undefined for the default. */
  async ref(organisationId: number): Promise<ThemeRef | undefined> {
    const [row] = await this.refRows([organisationId]);
    if (!row) return undefined;
    return themeRefOf({
      organisationId: Number(row.organisation_id),
      name: String(row.name),
      // A boolean on PostgreSQL, 0 or 1 on SQLite.
      hasLogo: row.has_logo === true || Number(row.has_logo) === 1,
      updatedAt: fromDbTime(row.updated_at),
      organisation: { slug: String(row.slug) },
    });
  }

  /** The theme as its settings page shows it: the saved one, or the default to start from. */
  async settings(ctx: UserContext, organisationId: number) {
    const organisation = await this.administered(ctx, organisationId);
    const theme = await this.ds.getRepository(OrganisationTheme).findOne({
      where: { organisationId },
      relations: { organisation: true },
    });
    return {
      organisation,
      theme: theme ?? null,
      values: theme
        ? {
            name: theme.name,
            primaryColour: theme.primaryColour,
            primaryTextColour: theme.primaryTextColour,
            linkColour: theme.linkColour,
          }
        : { name: organisation.name, ...DEFAULT_THEME },
      ref: theme ? themeRefOf(theme) : undefined,
    };
  }

  async save(ctx: UserContext, organisationId: number, dto: ThemeSettingsDto): Promise<void> {
    await this.administered(ctx, organisationId);
    const problems = [
      contrastRatio(dto.primaryColour, dto.primaryTextColour) < MIN_CONTRAST
        ? {
            field: 'primaryTextColour',
            ratio: contrastRatio(dto.primaryColour, dto.primaryTextColour),
          }
        : null,
      contrastRatio(dto.linkColour, PAGE_BACKGROUND) < MIN_CONTRAST
        ? { field: 'linkColour', ratio: contrastRatio(dto.linkColour, PAGE_BACKGROUND) }
        : null,
    ].filter((p) => p !== null);
    const logo = dto.logoSvg?.trim() ? sanitizeLogo(dto.logoSvg) : undefined;
    const details = [
      ...problems.map((p) => ({
        field: p.field,
        key: `validation.contrast.${p.field}`,
        params: { ratio: p.ratio.toFixed(1).replace('.', ','), min: '4,5' },
      })),
      ...(logo === null ? [{ field: 'logoSvg', key: 'validation.logo' }] : []),
    ];
    if (details.length)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', details);

    await this.ds.transaction(async (em) => {
      const repo = em.getRepository(OrganisationTheme);
      const before = await repo.findOne({
        where: { organisationId },
        select: { organisationId: true, logoSvg: true },
      });
      const logoSvg = dto.removeLogo ? null : (logo ?? before?.logoSvg ?? null);
      await repo.save({
        organisationId,
        name: dto.name,
        primaryColour: dto.primaryColour.toLowerCase(),
        primaryTextColour: dto.primaryTextColour.toLowerCase(),
        linkColour: dto.linkColour.toLowerCase(),
        logoSvg,
        hasLogo: logoSvg !== null,
        updatedAt: new Date(),
      });
      // The register's cached pages wear the organisation's theme: they are stale now, on every
      // instance. (The search index is rebuilt too; a theme changes rarely.)
      await bumpRegisterVersion(em);
      await this.audit.record(em, ctx, {
        action: 'organisation.theme',
        objectType: 'organisation',
        objectId: organisationId,
        actorRole: Role.Admin,
        organisationId,
        result: 'success',
        details: {
          name: dto.name,
          colours: [dto.primaryColour, dto.primaryTextColour, dto.linkColour],
          logo: logoSvg === null ? null : sha256(logoSvg),
        },
      });
    });
  }

  /** The stylesheet of an organisation's theme, or undefined when it has none. */
  async stylesheet(organisationId: number): Promise<string | undefined> {
    const theme = await this.ds.getRepository(OrganisationTheme).findOneBy({ organisationId });
    return theme ? stylesheet(theme) : undefined;
  }

  /** The sanitised logo, or undefined when there is none. */
  async logo(organisationId: number): Promise<string | undefined> {
    const theme = await this.ds.getRepository(OrganisationTheme).findOne({
      where: { organisationId },
      select: { organisationId: true, logoSvg: true },
    });
    return theme?.logoSvg ?? undefined;
  }

  private async administered(ctx: UserContext, organisationId: number): Promise<Organisation> {
    const organisation = organisationsWithRole(ctx.user, Role.Admin).includes(organisationId)
      ? await this.ds.getRepository(Organisation).findOneBy({ id: organisationId })
      : null;
    // Another organisation's settings are not there for this admin at all.
    if (!organisation) throw new DomainError('NOT_FOUND');
    return organisation;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
