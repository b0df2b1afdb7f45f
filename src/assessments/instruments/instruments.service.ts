import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../../accounts/role';
import { AuditService } from '../../audit/audit.service';
import { isRealDate } from '../../common/dates';
import { DomainError, fieldError } from '../../common/errors/domain-error';
import type { UploadedFile } from '../../common/http/uploaded-file';
import type { UserContext } from '../../common/request-context';
import type { AssessmentState } from '../assessment-state';
import { AssessmentsService } from '../assessments.service';
import { Instrument } from '../entities/instrument.entity';
import { bumpVersion, claimVersion } from '../version-lock';
import { WorkflowService } from '../workflow.service';
import { INSTRUMENT_KINDS } from './instrument-rules';
import type { InstrumentKind } from './instrument-rules';
import { InstrumentDto } from './instrument.dto';
import { InstrumentStore } from './instrument-store';

/**
 * Until the commission decides, the proposer keeps the records up to date: an IAMA often runs
 * while the commission reviews, and a required one that is not done holds the approval back.
 */
export const INSTRUMENT_STATES: readonly AssessmentState[] = [
  'concept',
  'submitted',
  'in_review',
  'changes_requested',
];

/** PDF files start with these bytes, whatever they are called or claim to be. */
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

export function isKind(kind: string): kind is InstrumentKind {
  return (INSTRUMENT_KINDS as readonly string[]).includes(kind);
}

/**
 * The records of an assessment's impact assessments (IAMA, DPIA): status, date, outcome and a
 * link or a PDF. Their status is what the legal facts fria_done and dpia_done read, and a
 * required one that is not done blocks approval (the workflow's `instruments_done`).
 */
@Injectable()
export class InstrumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly store: InstrumentStore,
  ) {}

  save(
    ctx: UserContext,
    id: number,
    kind: string,
    dto: InstrumentDto,
    file: UploadedFile | null,
  ): Promise<Instrument> {
    if (!isKind(kind)) throw new DomainError('NOT_FOUND');
    return this.workflow.recordingRefusals(ctx, id, 'assessment.instrument_save', async () => {
      const loaded = await this.assessments.load(this.dataSource.manager, ctx.user, id);
      if (!loaded.actorIs.proposer)
        throw new DomainError('NOT_ALLOWED', 'instruments.refused.notProposer');
      if (!INSTRUMENT_STATES.includes(loaded.assessment.state))
        throw new DomainError('INVALID_TRANSITION', 'instruments.refused.decided');
      claimVersion(loaded.assessment, dto.version);
      if (dto.date !== undefined && !isRealDate(dto.date))
        throw fieldError('date', 'validation.isDateString');
      const document = file ? this.checkDocument(file) : null;
      const previous = loaded.instruments.find((i) => i.kind === kind) ?? null;
      const link = dto.link?.trim() || null;
      const outcome = dto.outcome?.trim() || null;
      if (dto.status === 'done') {
        // Done means something can be read: when, what came out, and where.
        if (!dto.date) throw fieldError('date', 'instruments.doneNeeds.date');
        if (!outcome) throw fieldError('outcome', 'instruments.doneNeeds.outcome');
        if (!link && !document && !previous?.documentFile)
          throw fieldError('link', 'instruments.doneNeeds.report');
      }
      const stored = document ? await this.store.save(document) : null;
      try {
        const saved = await this.dataSource.transaction(async (em) => {
          await bumpVersion(em, loaded.assessment, dto.version);
          const record = previous ?? em.create(Instrument, { assessmentId: id, kind });
          Object.assign(record, {
            status: dto.status,
            date: dto.date ?? null,
            outcome,
            link,
            updatedById: ctx.user.id,
            ...(stored
              ? {
                  documentFile: stored.file,
                  documentName: file!.filename.slice(0, 200),
                  documentBytes: document!.length,
                  documentSha256: stored.sha256,
                }
              : {}),
          });
          const row = await em.save(record);
          await this.audit.record(em, ctx, {
            action: 'assessment.instrument_save',
            objectType: 'assessment',
            objectId: id,
            actorRole: Role.Proposer,
            organisationId: loaded.algorithm.organisationId,
            result: 'success',
            details: {
              kind,
              status: dto.status,
              from: previous?.status ?? null,
              date: dto.date ?? null,
              link,
              document: stored ? { bytes: document!.length, sha256: stored.sha256 } : null,
            },
          });
          return row;
        });
        // The document it replaces is no longer referred to by any record.
        if (stored && previous?.documentFile) await this.store.remove(previous.documentFile);
        return saved;
      } catch (err) {
        if (stored) await this.store.remove(stored.file);
        throw err;
      }
    });
  }

  /** The PDF of an instrument, for anyone who may read the assessment; anyone else gets 404. */
  async document(
    ctx: UserContext,
    id: number,
    kind: string,
  ): Promise<{ bytes: Buffer; filename: string }> {
    if (!isKind(kind)) throw new DomainError('NOT_FOUND');
    const loaded = await this.assessments.load(this.dataSource.manager, ctx.user, id);
    const record = loaded.instruments.find((i) => i.kind === kind);
    if (!record?.documentFile) throw new DomainError('NOT_FOUND');
    return {
      bytes: await this.store.read(record.documentFile),
      filename: `${kind}-toetsing-${id}.pdf`,
    };
  }

  /** A PDF within the limit, recognised by its first bytes, never by its name or declared type. */
  private checkDocument(file: UploadedFile): Buffer {
    if (file.truncated || file.bytes.length > this.store.maxBytes)
      throw fieldError('file', 'instruments.file.tooLarge', {
        megabytes: this.store.maxBytes / 1024 / 1024,
      });
    if (!file.bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC))
      throw fieldError('file', 'instruments.file.notPdf');
    return file.bytes;
  }
}
