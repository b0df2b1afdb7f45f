import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { actsAsOperator, organisationsWithRole } from '../accounts/auth/auth-user';
import { OPERATOR, Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { newPublicId } from '../algorithms/public-id';
import {
  ORGANISATION_NAME_MAX,
  STANDARD_FIELDS,
  toStandardRecord,
} from '../algorithms/publicatiestandaard';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/request-context';
import { createOrganisation } from '../organisations/organisation-names';
import { Organisation } from '../organisations/entities/organisation.entity';
import { PublicationService } from '../publications/publication.service';
import { q, sqlTrue } from '../database/sql';
import { ImportFormat, ImportProblem, parseImportFile } from './import-formats';
import { ImportInputError } from './import-input-error';
import { isUploadedFile } from '../common/http/uploaded-file';
import { IMPORT_MAX_BYTES } from './import-limits';

export interface ImportReport {
  format: ImportFormat;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  problems: ImportProblem[];
  organisationsCreated: number;
  ms: number;
}

export interface ImportOptions {
  /** For entries that name no organisation (the v1.0 templates leave it empty). */
  organisation?: string;
  /** The file's name, for the audit event. */
  filename?: string;
  onProgress?: (done: number, total: number) => void;
}

/** What the admin page's form sends: the file part and the organisation field, as they came. */
export interface ImportForm {
  file?: unknown;
  organisation?: unknown;
}

/** What one import did for one organisation, for that organisation's audit event. */
interface OrganisationCounts {
  organisation: Organisation;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports register entries from a file into published register entries, marked as imported and
 * published through PublicationService like any other. The source id decides: an entry already
 * imported with the same content is left alone, a changed one gets a new version. The whole file
 * goes in one transaction with its audit events `register.import`: either every valid entry is in
 * and recorded, or nothing is and the report or the error says why.
 *
 * Organisations stay apart: an admin imports only into organisations they administer, and an
 * entry naming any other (or one that does not exist yet) is refused with that reason; only the
 * operator (a user granted it, or `npm run import`) imports for any organisation and creates
 * organisations as needed.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly publications: PublicationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The admin page's upload, imported as importBuffer does. No file, an empty one or one over the
   * limit is refused like a file that cannot be read: beside the form's file field.
   */
  async importUpload(
    ctx: RequestContext,
    form: ImportForm,
  ): Promise<{ filename: string; report: ImportReport }> {
    const { file } = form;
    // A browser that was given no file still sends the part, with an empty name and no bytes.
    if (!isUploadedFile(file) || (file.filename === '' && file.bytes.length === 0))
      throw new ImportInputError('VALIDATION_FAILED', 'file', 'noFile');
    if (file.truncated)
      throw new ImportInputError('IMPORT_FILE_TOO_LARGE', 'file', 'tooLarge', {
        megabytes: IMPORT_MAX_BYTES / 1024 / 1024,
      });
    if (file.bytes.length === 0)
      throw new ImportInputError('IMPORT_FILE_INVALID', 'file', 'emptyFile');
    const report = await this.importBuffer(ctx, file.bytes, {
      organisation: typeof form.organisation === 'string' ? form.organisation : undefined,
      filename: file.filename,
    });
    return { filename: file.filename, report };
  }

  /**
   * A file's bytes, from the page (an admin) or from `npm run import` (the operator, no user); the
   * audit event names the actor.
   */
  async importBuffer(
    ctx: RequestContext,
    bytes: Buffer,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const started = Date.now();
    const fallbackOrganisation = options.organisation?.trim() || null;
    if (fallbackOrganisation && fallbackOrganisation.length > ORGANISATION_NAME_MAX)
      throw new ImportInputError('VALIDATION_FAILED', 'organisation', 'organisationTooLong', {
        max: ORGANISATION_NAME_MAX,
      });
    // Null: the operator, who imports for any organisation.
    const administered = actsAsOperator(ctx)
      ? null
      : new Set(organisationsWithRole(ctx.user!, Role.Admin));
    if (administered && fallbackOrganisation)
      await this.refuseForeignFallback(ctx, administered, fallbackOrganisation, options.filename);
    const parsed = parseImportFile(bytes);
    const problems = [...parsed.problems];
    const report: ImportReport = {
      format: parsed.format,
      total: parsed.total,
      created: 0,
      updated: 0,
      unchanged: 0,
      refused: 0,
      problems,
      organisationsCreated: 0,
      ms: 0,
    };
    const touched = new Map<number, OrganisationCounts>();
    const foreign = new Set<string>();
    await this.ds.transaction(async (em) => {
      const organisations = new Map<string, Organisation>();
      for (const org of await em.find(Organisation)) organisations.set(org.name.toLowerCase(), org);
      const slugs = new Set([...organisations.values()].map((o) => o.slug));
      // Two plain reads joined here: SQLite's planner picks a slow nested loop for the join.
      const records = new Map<number, string>();
      for (const r of await q<{ algorithm_id: number; record: unknown }>(
        em,
        `SELECT algorithm_id, record FROM algorithm_publications WHERE current = ${sqlTrue(em)}`,
      ))
        records.set(
          Number(r.algorithm_id),
          typeof r.record === 'string' ? r.record : JSON.stringify(r.record),
        );
      const existing = new Map<string, { id: number; record: string | null }>();
      for (const r of await q<{ id: number; organisation_id: number; source_id: string }>(
        em,
        'SELECT id, organisation_id, source_id FROM algorithms WHERE source_id IS NOT NULL',
      ))
        existing.set(`${r.organisation_id}\u0000${r.source_id}`, {
          id: Number(r.id),
          record: records.get(Number(r.id)) ?? null,
        });

      let done = 0;
      for (const candidate of parsed.candidates) {
        done++;
        if (done % 100 === 0) options.onProgress?.(done, parsed.candidates.length);
        const organisationName = candidate.organisationName ?? fallbackOrganisation;
        if (!organisationName) {
          problems.push({
            id: candidate.sourceId,
            field: 'organization',
            reason:
              'missing; name an organisation for entries that name none (--organisation NAME)',
            refused: true,
          });
          continue;
        }
        let organisation = organisations.get(organisationName.toLowerCase());
        if (administered && !(organisation && administered.has(organisation.id))) {
          problems.push({
            id: candidate.sourceId,
            field: 'organization',
            reason: `${FOREIGN_REASON}: "${organisationName}"`,
            refused: true,
          });
          foreign.add(organisation?.name ?? organisationName);
          continue;
        }
        if (!organisation) {
          organisation = await createOrganisation(em, organisationName, slugs);
          organisations.set(organisationName.toLowerCase(), organisation);
          report.organisationsCreated++;
        }
        const counts = touched.get(organisation.id) ?? {
          organisation,
          created: 0,
          updated: 0,
          unchanged: 0,
        };
        touched.set(organisation.id, counts);
        const fields = { themes: [], descriptionShort: '', ...candidate.fields };
        const record = toStandardRecord(fields, organisation.name);
        const known = existing.get(`${organisation.id}\u0000${candidate.sourceId}`);
        if (known?.record && sameRecord(known.record, record)) {
          report.unchanged++;
          counts.unchanged++;
          continue;
        }
        let algorithm: Algorithm;
        if (known) {
          await em.update(Algorithm, { id: known.id }, blankMissing(fields));
          algorithm = await em.findOneByOrFail(Algorithm, { id: known.id });
          report.updated++;
          counts.updated++;
        } else {
          const values = {
            publicId: newPublicId(),
            organisationId: organisation.id,
            origin: 'import' as const,
            ...fields,
          };
          const inserted = await em.insert(Algorithm, values);
          algorithm = { ...values, id: Number(inserted.identifiers[0].id) } as unknown as Algorithm;
          existing.set(`${organisation.id}\u0000${candidate.sourceId}`, {
            id: algorithm.id,
            record: null,
          });
          report.created++;
          counts.created++;
        }
        await this.publications.publish(em, {
          algorithm,
          origin: 'import',
          publishedAt: known ? undefined : candidate.publishedAt,
        });
      }
      report.refused = refusedCount(problems);
      const fallback = fallbackOrganisation
        ? organisations.get(fallbackOrganisation.toLowerCase())
        : undefined;
      await this.record(em, ctx, {
        file: options.filename?.slice(0, 200) ?? null,
        bytes: bytes.length,
        report,
        touched: touched.size
          ? [...touched.values()]
          : [{ organisation: fallback ?? null, created: 0, updated: 0, unchanged: 0 }],
        foreign: [...foreign].sort(),
      });
    });
    report.refused = refusedCount(problems);
    report.ms = Date.now() - started;
    return report;
  }

  /**
   * One event per organisation the import wrote to, in that organisation's trail, with the
   * importer as actor and that organisation's counts beside the file's; and, when entries named
   * organisations the importer does not administer, one refused event naming them, outside any
   * organisation (the operator's to read: the other organisation's admin does not see who tried).
   */
  private async record(
    em: EntityManager,
    ctx: RequestContext,
    what: {
      file: string | null;
      bytes: number;
      report: ImportReport;
      touched: (Omit<OrganisationCounts, 'organisation'> & {
        organisation: Organisation | null;
      })[];
      foreign: string[];
    },
  ): Promise<void> {
    const { report } = what;
    const actorRole = importerRole(ctx);
    const file = { file: what.file, bytes: what.bytes, format: report.format };
    for (const counts of what.touched) {
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
          total: report.total,
          refused: report.refused,
          organisationsCreated: report.organisationsCreated,
        },
      });
    }
    if (what.foreign.length)
      await this.audit.record(em, ctx, {
        action: 'register.import',
        objectType: 'register',
        actorRole,
        result: 'refused',
        details: {
          ...file,
          reason: 'foreign_organisation',
          organisations: what.foreign,
          entries: report.problems.filter((p) => p.reason.startsWith(FOREIGN_REASON)).length,
        },
      });
  }

  /**
   * An admin may name only an organisation they administer for the entries that name none. The
   * whole import is refused beside the field, and the attempt audited outside any organisation.
   */
  private async refuseForeignFallback(
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

/** How an entry naming an organisation the importer does not administer is refused. */
const FOREIGN_REASON = 'not an organisation you administer';

function importerRole(ctx: RequestContext): string | null {
  if (!ctx.user) return null;
  return ctx.user.operator ? OPERATOR : Role.Admin;
}

function refusedCount(problems: ImportProblem[]): number {
  return new Set(problems.filter((p) => p.refused).map((p) => p.id)).size;
}

/**
 * Fields absent from the new version are emptied, not kept from the old one: every nullable field
 * but the source id, which recognised the entry (the others get a value in importBuffer).
 */
const EMPTIED = STANDARD_FIELDS.filter((f) => !f.alwaysSet && f.key !== 'source_id').map(
  (f) => f.property,
);

function blankMissing(fields: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(EMPTIED.map((property) => [property, null])), ...fields };
}

function sameRecord(stored: string, record: Record<string, unknown>): boolean {
  return canonical(JSON.parse(stored) as Record<string, unknown>) === canonical(record);
}

function canonical(record: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

/** The report as lines for people: the problems, then the counts. */
export function formatReport(report: ImportReport): string[] {
  const lines = report.problems.map(
    (p) => `${p.refused ? 'refused' : 'left out'}: ${p.id}: ${p.field}: ${p.reason}`,
  );
  lines.push(
    `${report.format}: ${report.total} entries read in ${(report.ms / 1000).toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused` +
      (report.organisationsCreated
        ? ` (${report.organisationsCreated} organisations created)`
        : ''),
  );
  return lines;
}
