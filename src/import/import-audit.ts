import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OPERATOR, Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/request-context';
import type { Organisation } from '../organisations/entities/organisation.entity';
import type { ImportFormat } from './import-formats';
import { ImportInputError } from './import-input-error';

/** What one part of an import did for one organisation, for that organisation's audit event. */
export interface OrganisationCounts {
  organisation: Organisation | null;
  created: number;
  updated: number;
  unchanged: number;
  /** Source ids of this organisation's entries refused because they came from the workflow. */
  workflowEntries: string[];
}

/** What one part of an import did, for its audit events and the report. */
export interface PartResult {
  touched: Map<number, OrganisationCounts>;
  organisationsCreated: number;
  /** Organisations named by entries the importer may not import for. */
  foreign: Set<string>;
  /** The organisation for entries that name none, when it exists. */
  fallback: Organisation | null;
}

/** What an import writes to the audit trail, and the refusal of a foreign organisation. */
@Injectable()
export class ImportAudit {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * A part's events: one per organisation it wrote to, in that organisation's trail, with the
   * importer as actor and that organisation's counts beside the part's (or one, in the trail of
   * the organisation for entries that name none, when it wrote to none); and, when entries named
   * organisations the importer does not administer, one refused event naming them, outside any
   * organisation (the operator's to read: the other organisation's admin does not see who tried).
   */
  async recordPart(
    em: EntityManager,
    ctx: RequestContext,
    what: {
      file: string | null;
      bytes: number;
      format: ImportFormat;
      part: number;
      parts: number;
      total: number;
      refused: number;
      foreignEntries: number;
    } & PartResult,
  ): Promise<void> {
    const actorRole = importerRole(ctx);
    const file = {
      file: what.file,
      bytes: what.bytes,
      format: what.format,
      part: what.part,
      parts: what.parts,
    };
    const touched: OrganisationCounts[] = what.touched.size
      ? [...what.touched.values()]
      : [
          {
            organisation: what.fallback,
            created: 0,
            updated: 0,
            unchanged: 0,
            workflowEntries: [],
          },
        ];
    for (const counts of touched) {
      await this.audit.record(em, ctx, {
        action: 'register.import',
        objectType: 'register',
        actorRole,
        organisationId: counts.organisation?.id ?? null,
        result: 'success',
        details: {
          ...file,
          organisation: counts.organisation?.name ?? null,
          created: counts.created,
          updated: counts.updated,
          unchanged: counts.unchanged,
          workflowEntries: counts.workflowEntries,
          total: what.total,
          refused: what.refused,
          organisationsCreated: what.organisationsCreated,
        },
      });
    }
    if (what.foreign.size)
      await this.audit.record(em, ctx, {
        action: 'register.import',
        objectType: 'register',
        actorRole,
        result: 'refused',
        details: {
          ...file,
          reason: 'foreign_organisation',
          organisations: [...what.foreign].sort(),
          entries: what.foreignEntries,
        },
      });
  }

  /**
   * An admin may name only an organisation they administer for the entries that name none. The
   * whole import is refused beside the field, and the attempt audited outside any organisation.
   */
  async refuseForeignFallback(
    ctx: RequestContext,
    administered: Set<number>,
    name: string,
    filename: string | undefined,
  ): Promise<void> {
    const own = ctx.user?.memberships.find(
      (m) =>
        administered.has(m.organisationId) &&
        m.organisationName.toLowerCase() === name.toLowerCase(),
    );
    if (own) return;
    await this.ds.transaction((em) =>
      this.audit.record(em, ctx, {
        action: 'register.import',
        objectType: 'register',
        actorRole: importerRole(ctx),
        result: 'refused',
        details: {
          file: filename?.slice(0, 200) ?? null,
          reason: 'foreign_organisation',
          organisations: [name],
        },
      }),
    );
    throw new ImportInputError('NOT_ORGANISATION_ADMIN', 'organisation', 'notYourOrganisation', {
      organisation: name,
    });
  }
}

function importerRole(ctx: RequestContext): string | null {
  if (!ctx.user) return null;
  return ctx.user.operator ? OPERATOR : Role.Admin;
}
