import { stat } from 'node:fs/promises';
import { setImmediate as turnOfEventLoop } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { actsAsOperator, organisationsWithRole } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { AlgorithmOrigin } from '../algorithms/entities/algorithm.entity';
import { newPublicId } from '../algorithms/public-id';
import {
  ORGANISATION_NAME_MAX,
  STANDARD_FIELDS,
  toStandardRecord,
} from '../algorithms/publicatiestandaard';
import type { RequestContext } from '../common/request-context';
import { createOrganisation } from '../organisations/organisation-names';
import { Organisation } from '../organisations/entities/organisation.entity';
import { Publication } from '../publications/entities/publication.entity';
import type { NationalListing } from '../publications/entities/publication.entity';
import { PublicationService } from '../publications/publication.service';
import { bumpRegisterVersion } from '../publications/register-projection';
import { q, sqlTrue } from '../database/sql';
import { RowInserter } from '../database/row-inserter';
import type { InsertRow } from '../database/row-inserter';
import { readImportFile } from './import-formats';
import type { ImportSource } from './import-formats';
import type { ImportReport } from './import-report';
import type { ImportCandidate, ImportProblem } from './import-records';
import { ImportInputError } from './import-input-error';
import { isStoredUpload } from '../common/http/uploaded-file';
import { IMPORT_MAX_BYTES } from './import-limits';
import { ImportAudit } from './import-audit';
import type { PartResult } from './import-audit';

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

/**
 * How many entries go in one transaction. Between two parts the event loop serves other requests;
 * on SQLite a transaction holds the one connection, and the loop, until it commits, so a part is
 * kept to a few hundred milliseconds.
 */
export const IMPORT_PART_SIZE = 100;

const WORKFLOW_ENTRY =
  'published through the assessment workflow; an import never changes such an entry';

/** How an entry naming an organisation the importer does not administer is refused. */
const FOREIGN_REASON = 'not an organisation you administer';

/**
 * Imports register entries from a file into published register entries, marked as imported and
 * published through PublicationService like any other. The source id decides: an entry already
 * imported with the same content is left alone, a changed one gets a new version, and one that
 * came from the workflow is never touched, whoever imports (refused, with the reason).
 *
 * Organisations stay apart: an admin imports only into organisations they administer, and an
 * entry naming any other (or one that does not exist yet) is refused with that reason; only the
 * operator (a user granted it, or `npm run import`) imports for any organisation and creates
 * organisations as needed.
 *
 * The file is read as a stream and checked whole first (readImportFile): a file refused as a
 * whole writes nothing. The entries then go in in parts of IMPORT_PART_SIZE, each part in one
 * transaction with its own audit events `register.import`, and other requests are served between
 * parts. One transaction for the whole file would hold SQLite's one connection, and so every
 * request, for as long as the import runs (38 s for 17,000 entries); and on SQLite the queries
 * of other requests would run inside it. Every entry is written whole, with its publication and
 * its audit event; if an import stops halfway (a crash, a database error), the parts before are
 * in, each recorded, and importing the same file again finishes it, as unchanged entries are
 * left alone.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly publications: PublicationService,
    private readonly importAudit: ImportAudit,
  ) {}

  /**
   * The admin page's upload, imported as importFile does. No file, an empty one or one over the
   * limit is refused like a file that cannot be read: beside the form's file field.
   */
  async importUpload(
    ctx: RequestContext,
    form: ImportForm,
  ): Promise<{ filename: string; report: ImportReport }> {
    const { file } = form;
    // A browser that was given no file still sends the part, with an empty name and no bytes.
    if (!isStoredUpload(file) || (file.filename === '' && file.size === 0))
      throw new ImportInputError('VALIDATION_FAILED', 'file', 'noFile');
    if (file.truncated)
      throw new ImportInputError('IMPORT_FILE_TOO_LARGE', 'file', 'tooLarge', {
        megabytes: IMPORT_MAX_BYTES / 1024 / 1024,
      });
    if (file.size === 0) throw new ImportInputError('IMPORT_FILE_INVALID', 'file', 'emptyFile');
    const report = await this.importFile(
      ctx,
      { path: file.path },
      {
        organisation: typeof form.organisation === 'string' ? form.organisation : undefined,
        filename: file.filename,
      },
    );
    return { filename: file.filename, report };
  }

  /**
   * A file from the admin page (an upload, an admin or the operator as actor), from
   * `npm run import` (a path, the operator) or from a test (its bytes); the audit events name the
   * actor.
   */
  async importFile(
    ctx: RequestContext,
    source: ImportSource,
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
      await this.importAudit.refuseForeignFallback(
        ctx,
        administered,
        fallbackOrganisation,
        options.filename,
      );
    const bytes = 'bytes' in source ? source.bytes.length : (await stat(source.path)).size;
    // First the whole file is read and checked, writing nothing; then read again, each part
    // written as it fills. Neither reading keeps more than a part of the entries.
    const checked = await readImportFile(source);
    const report: ImportReport = {
      format: checked.format,
      total: checked.total,
      created: 0,
      updated: 0,
      unchanged: 0,
      refused: 0,
      problems: [...checked.problems],
      organisationsCreated: 0,
      ms: 0,
    };
    const parts = Math.max(1, Math.ceil(checked.candidates / IMPORT_PART_SIZE));
    let written = 0;
    let done = 0;
    const writePart = (candidates: ImportCandidate[]) =>
      this.ds.transaction(async (em) => {
        // The entries refused while reading go with the first part, so the parts add up to the file.
        const problems: ImportProblem[] = written === 0 ? [...checked.problems] : [];
        const readRefused = problems.length;
        const result = await this.importPart(
          em,
          candidates,
          { fallbackOrganisation, administered },
          problems,
          () => {
            if (++done % 100 === 0) options.onProgress?.(done, checked.candidates);
          },
        );
        await this.importAudit.recordPart(em, ctx, {
          file: options.filename?.slice(0, 200) ?? null,
          bytes,
          format: checked.format,
          part: ++written,
          parts,
          total: candidates.length + (written === 1 ? checked.total - checked.candidates : 0),
          refused: refusedCount(problems),
          foreignEntries: problems.filter((p) => p.reason.startsWith(FOREIGN_REASON)).length,
          ...result,
        });
        report.problems.push(...problems.slice(readRefused));
        for (const counts of result.touched.values()) {
          report.created += counts.created;
          report.updated += counts.updated;
          report.unchanged += counts.unchanged;
        }
        report.organisationsCreated += result.organisationsCreated;
      });

    const part: ImportCandidate[] = [];
    await readImportFile(source, async (entries) => {
      part.push(...entries);
      while (part.length >= IMPORT_PART_SIZE) {
        await writePart(part.splice(0, IMPORT_PART_SIZE));
        await turnOfEventLoop();
      }
    });
    if (part.length || written === 0) await writePart(part);
    report.refused = refusedCount(report.problems);
    report.ms = Date.now() - started;
    return report;
  }

  /** One part's entries, in the caller's transaction; reads only the rows these entries need. */
  private async importPart(
    em: EntityManager,
    candidates: ImportCandidate[],
    rules: { fallbackOrganisation: string | null; administered: Set<number> | null },
    problems: ImportProblem[],
    progress: () => void,
  ): Promise<PartResult> {
    const { fallbackOrganisation, administered } = rules;
    const organisations = new Map<string, Organisation>();
    for (const org of await em.find(Organisation)) organisations.set(org.name.toLowerCase(), org);
    const slugs = new Set([...organisations.values()].map((o) => o.slug));
    const existing = await this.existingEntries(
      em,
      candidates.map((c) => c.sourceId),
    );
    const result: PartResult = {
      touched: new Map(),
      organisationsCreated: 0,
      foreign: new Set(),
      fallback: null,
    };

    for (const candidate of candidates) {
      progress();
      const organisationName = candidate.organisationName ?? fallbackOrganisation;
      if (!organisationName) {
        problems.push({
          id: candidate.sourceId,
          field: 'organization',
          reason: 'missing; name an organisation for entries that name none (--organisation NAME)',
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
        result.foreign.add(organisation?.name ?? organisationName);
        continue;
      }
      if (!organisation) {
        organisation = await createOrganisation(em, organisationName, slugs);
        organisations.set(organisationName.toLowerCase(), organisation);
        result.organisationsCreated++;
      }
      const counts = result.touched.get(organisation.id) ?? {
        organisation,
        created: 0,
        updated: 0,
        unchanged: 0,
        workflowEntries: [],
      };
      result.touched.set(organisation.id, counts);
      const key = `${organisation.id}\u0000${candidate.sourceId}`;
      const known = existing.get(key);
      if (known?.origin === 'workflow') {
        problems.push({
          id: candidate.sourceId,
          field: 'id',
          reason: WORKFLOW_ENTRY,
          refused: true,
        });
        counts.workflowEntries.push(candidate.sourceId);
        continue;
      }
      const fields = { themes: [], descriptionShort: '', ...candidate.fields };
      const record = toStandardRecord(fields, organisation.name);
      if (known?.record && sameRecord(known.record, record)) {
        // What the listing says beside the record (its flag) is kept on the current version as
        // it changes, without a new version: the record the organisation published is the same.
        if (
          candidate.nationalListing &&
          JSON.stringify(candidate.nationalListing) !== JSON.stringify(known.nationalListing)
        ) {
          await em.update(
            Publication,
            { algorithmId: known.id, current: true },
            { nationalListing: candidate.nationalListing },
          );
          await bumpRegisterVersion(em);
        }
        counts.unchanged++;
        continue;
      }
      let algorithm: Algorithm;
      if (known) {
        await em.update(Algorithm, { id: known.id }, blankMissing(fields));
        algorithm = await em.findOneByOrFail(Algorithm, { id: known.id });
        counts.updated++;
      } else {
        const values = {
          publicId: newPublicId(),
          organisationId: organisation.id,
          origin: 'import' as const,
          ...fields,
        };
        algorithm = em.create(Algorithm, {
          ...values,
          id: await IMPORTED_ROW.insert(em, values as InsertRow<Algorithm>),
        });
        existing.set(key, {
          id: algorithm.id,
          origin: 'import',
          record: null,
          nationalListing: null,
        });
        counts.created++;
      }
      await this.publications.publish(em, {
        algorithm,
        origin: 'import',
        publishedAt: known ? undefined : candidate.publishedAt,
        nationalListing: candidate.nationalListing,
        organisation,
        previous: known ? undefined : null,
      });
    }
    result.fallback = fallbackOrganisation
      ? (organisations.get(fallbackOrganisation.toLowerCase()) ?? null)
      : null;
    return result;
  }

  /**
   * The entries with these source ids, whatever their organisation, by organisation and source
   * id: where they came from and their current public record.
   */
  private async existingEntries(
    em: EntityManager,
    sourceIds: string[],
  ): Promise<Map<string, ExistingEntry>> {
    const existing = new Map<string, ExistingEntry>();
    if (!sourceIds.length) return existing;
    const marks = sourceIds.map(() => '?').join(', ');
    const rows = await q<{
      id: number;
      organisation_id: number;
      source_id: string;
      origin: AlgorithmOrigin;
    }>(
      em,
      `SELECT id, organisation_id, source_id, origin FROM algorithms WHERE source_id IN (${marks})`,
      sourceIds,
    );
    // Two plain reads joined here: SQLite's planner picks a slow nested loop for the join.
    const records = new Map<number, { record: string; nationalListing: NationalListing | null }>();
    if (rows.length)
      for (const r of await q<{ algorithm_id: number; record: unknown; national_listing: unknown }>(
        em,
        `SELECT algorithm_id, record, national_listing FROM algorithm_publications
         WHERE current = ${sqlTrue(em)} AND algorithm_id IN (${rows.map(() => '?').join(', ')})`,
        rows.map((r) => r.id),
      ))
        records.set(Number(r.algorithm_id), {
          record: typeof r.record === 'string' ? r.record : JSON.stringify(r.record),
          nationalListing:
            typeof r.national_listing === 'string'
              ? (JSON.parse(r.national_listing) as NationalListing)
              : ((r.national_listing as NationalListing | null) ?? null),
        });
    for (const r of rows) {
      const current = records.get(Number(r.id));
      existing.set(`${r.organisation_id}\u0000${r.source_id}`, {
        id: Number(r.id),
        origin: r.origin,
        record: current?.record ?? null,
        nationalListing: current?.nationalListing ?? null,
      });
    }
    return existing;
  }
}

/** An entry already in the register, found by its source id: where it came from, what is public. */
interface ExistingEntry {
  id: number;
  origin: AlgorithmOrigin;
  record: string | null;
  nationalListing: NationalListing | null;
}

function refusedCount(problems: ImportProblem[]): number {
  return new Set(problems.filter((p) => p.refused).map((p) => p.id)).size;
}

/** A new entry's row: the fields of the standard (absent ones empty) and where it came from. */
const IMPORTED_ROW = new RowInserter(Algorithm, [
  'publicId',
  'organisationId',
  'origin',
  ...STANDARD_FIELDS.map((f) => f.property as keyof Algorithm & string),
]);

/**
 * Fields absent from the new version are emptied, not kept from the old one: every nullable field
 * but the source id, which recognised the entry (the others get a value in importPart).
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
