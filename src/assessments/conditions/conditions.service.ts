import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan, Not } from 'typeorm';
import { hasRole, organisationsWithRole } from '../../accounts/auth/auth-user';
import { Role } from '../../accounts/role';
import { recordingRefusals } from '../../audit/audit-refusal';
import { AuditService } from '../../audit/audit.service';
import { DomainError, fieldError } from '../../common/errors/domain-error';
import type { UploadedFile } from '../../common/http/uploaded-file';
import type { UserContext } from '../../common/request-context';
import { Publication } from '../../publications/entities/publication.entity';
import { Review } from '../../reviews/entities/review.entity';
import type { ProposedCondition } from '../../reviews/entities/review.entity';
import { AssessmentsService, Loaded } from '../assessments.service';
import { Condition } from '../entities/condition.entity';
import type { ConditionState } from '../entities/condition.entity';
import { today } from '../reassessment';
import { ReportConditionDto, VerifyConditionDto } from './dto/condition.dto';
import { isOverdue } from './condition-state';
import { ConditionReport } from './entities/condition-report.entity';
import type { EvidenceType } from './entities/condition-report.entity';
import { evidenceDownloadName, evidenceType } from './evidence-file';
import { EvidenceStore } from './evidence-store';

/** A condition as one person may see it, with its reports and what they may do with it. */
export interface ConditionView {
  condition: Condition;
  reports: ConditionReport[];
  loaded: Loaded;
  overdue: boolean;
  /** Why this person may not report now, or null: they may. */
  reportRefusal: DomainError | null;
  /** Why this person may not verify now, or null: they may. */
  verifyRefusal: DomainError | null;
}

/**
 * After a decision: the conditions set with an approval, their fulfilment and its verification,
 * and the follow-up list of a secretary.
 *
 * A condition is verified, never self-certified. Its owner (the `owner` text names who does the
 * work; in Waarborg the assessment's proposer, who answers for the application, reports it)
 * reports what was done with a link and/or a document; then a secretary of the organisation, or
 * the reviewer who set the condition, accepts the report (verified) or returns it with a reason
 * (open again). Whoever proposed the assessment, or made the report, never verifies it, whatever
 * roles they hold. Every step and every refusal is audited.
 */
@Injectable()
export class ConditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly evidence: EvidenceStore,
  ) {}

  /**
   * The conditions of a decision to approve with conditions, in the decision's transaction: those
   * the reviewers proposed that it adopts (with their review) and those the secretary adds.
   */
  async createForDecision(
    em: EntityManager,
    ctx: UserContext,
    decision: {
      assessmentId: number;
      organisationId: number;
      conditions: (ProposedCondition & { reviewId: number | null })[];
    },
  ): Promise<void> {
    for (const c of decision.conditions) {
      const { identifiers } = await em.insert(Condition, {
        assessmentId: decision.assessmentId,
        reviewId: c.reviewId,
        description: c.description,
        owner: c.owner,
        dueDate: c.dueDate,
      });
      await this.audit.record(em, ctx, {
        action: 'condition.create',
        objectType: 'condition',
        objectId: Number(identifiers[0].id),
        actorRole: Role.Secretary,
        organisationId: decision.organisationId,
        result: 'success',
        details: { assessmentId: decision.assessmentId, reviewId: c.reviewId, dueDate: c.dueDate },
      });
    }
  }

  /** A condition of an assessment the user may read; any other is "not found". */
  async view(ctx: UserContext, id: number): Promise<ConditionView> {
    const em = this.dataSource.manager;
    const condition = await em.findOneBy(Condition, { id });
    if (!condition) throw new DomainError('NOT_FOUND');
    const loaded = await this.assessments.load(em, ctx.user, condition.assessmentId);
    const reports = await em.find(ConditionReport, {
      where: { conditionId: id },
      relations: { reportedBy: true, decidedBy: true },
      order: { id: 'DESC' },
    });
    const waiting = reports.find((r) => r.outcome === null) ?? null;
    return {
      condition,
      reports,
      loaded,
      overdue: isOverdue(condition),
      reportRefusal: reportRefusal(condition, loaded),
      verifyRefusal: await this.verifyRefusal(em, ctx, condition, loaded, waiting),
    };
  }

  /**
   * The owner reports fulfilment: what was done, and a link and/or a document (PDF, PNG or JPEG,
   * recognised by its content, at most EVIDENCE_MAX_MB). The condition then waits for
   * verification; the public register shows it as reported, not as verified.
   */
  async report(
    ctx: UserContext,
    id: number,
    dto: ReportConditionDto,
    file: UploadedFile | null,
  ): Promise<Condition> {
    const { condition, loaded } = await this.view(ctx, id);
    return this.refusalsRecorded(ctx, 'condition.report', condition, loaded, async () => {
      const refusal = reportRefusal(condition, loaded);
      if (refusal) throw refusal;
      const link = dto.link?.trim() || null;
      if (!link && !file) throw fieldError('link', 'conditions.report.evidenceRequired');
      const document = file ? this.checkDocument(file) : null;
      const stored = document ? await this.evidence.save(document.bytes) : null;
      try {
        return await this.dataSource.transaction(async (em) => {
          const now = new Date();
          await claim(em, condition, dto.version, 'open', { state: 'reported', reportedAt: now });
          const report = await em.save(
            em.create(ConditionReport, {
              conditionId: id,
              reportedById: ctx.user.id,
              whatWasDone: dto.whatWasDone.trim(),
              link,
              evidenceFile: stored?.file ?? null,
              evidenceName: document?.name ?? null,
              evidenceType: document?.type ?? null,
              evidenceBytes: document?.bytes.length ?? null,
              evidenceSha256: stored?.sha256 ?? null,
            }),
          );
          await this.audit.record(em, ctx, {
            action: 'condition.report',
            objectType: 'condition',
            objectId: id,
            actorRole: Role.Proposer,
            organisationId: loaded.algorithm.organisationId,
            result: 'success',
            details: {
              assessmentId: condition.assessmentId,
              reportId: report.id,
              link,
              evidence: stored
                ? { type: document!.type, bytes: document!.bytes.length, sha256: stored.sha256 }
                : null,
            },
          });
          return em.findOneByOrFail(Condition, { id });
        });
      } catch (err) {
        if (stored) await this.evidence.remove(stored.file);
        throw err;
      }
    });
  }

  /**
   * The verifier accepts the waiting report (the condition is verified) or returns it with a
   * reason (the condition is open again, for a new report).
   */
  async verify(ctx: UserContext, id: number, dto: VerifyConditionDto): Promise<Condition> {
    const { condition, loaded, reports } = await this.view(ctx, id);
    const waiting = reports.find((r) => r.outcome === null) ?? null;
    const action = dto.decision === 'accept' ? 'condition.accept' : 'condition.return';
    return this.refusalsRecorded(ctx, action, condition, loaded, async () => {
      const em = this.dataSource.manager;
      const refusal = await this.verifyRefusal(em, ctx, condition, loaded, waiting);
      if (refusal) throw refusal;
      const reason = dto.reason?.trim() || null;
      if (dto.decision === 'return' && !reason)
        throw fieldError('reason', 'conditions.verify.reasonRequired');
      return this.dataSource.transaction(async (tx) => {
        const now = new Date();
        const accepted = dto.decision === 'accept';
        await claim(
          tx,
          condition,
          dto.version,
          'reported',
          accepted
            ? { state: 'verified', verifiedAt: now, verifiedById: ctx.user.id }
            : { state: 'open', reportedAt: null },
        );
        await tx.update(
          ConditionReport,
          { id: waiting!.id },
          {
            outcome: accepted ? 'accepted' : 'returned',
            decidedById: ctx.user.id,
            decidedAt: now,
            decisionReason: reason,
          },
        );
        await this.audit.record(tx, ctx, {
          action,
          objectType: 'condition',
          objectId: id,
          actorRole: loaded.actorIs.secretary ? Role.Secretary : Role.Reviewer,
          organisationId: loaded.algorithm.organisationId,
          result: 'success',
          details: { assessmentId: condition.assessmentId, reportId: waiting!.id, reason },
        });
        return tx.findOneByOrFail(Condition, { id });
      });
    });
  }

  /** A report's document, for whoever may read the assessment, with the name it downloads as. */
  async evidenceOf(
    ctx: UserContext,
    id: number,
    reportId: number,
  ): Promise<{ bytes: Buffer; type: EvidenceType; filename: string }> {
    const { reports } = await this.view(ctx, id);
    const report = reports.find((r) => r.id === reportId);
    if (!report?.evidenceFile || !report.evidenceType) throw new DomainError('NOT_FOUND');
    return {
      bytes: await this.evidence.read(report.evidenceFile),
      type: report.evidenceType,
      filename: evidenceDownloadName(id, report.id, report.evidenceType),
    };
  }

  /**
   * For secretaries: conditions past their due date and not verified, reports waiting for
   * verification, and every published application with its next date: the re-assessment date of
   * its published approval (due once it has passed or the entry is marked so) and its overdue
   * conditions. Retired entries have no next date.
   */
  async followUps({ user }: UserContext, now = new Date()) {
    const orgIds = organisationsWithRole(user, Role.Secretary);
    if (!orgIds.length) return { overdueConditions: [], reportedConditions: [], published: [] };
    const day = today(now);
    const ofOrganisations = { assessment: { algorithm: { organisationId: In(orgIds) } } };
    const overdueConditions = await this.dataSource.getRepository(Condition).find({
      where: { state: Not('verified'), dueDate: LessThan(day), ...ofOrganisations },
      relations: { assessment: { algorithm: true } },
      order: { dueDate: 'ASC' },
    });
    const reportedConditions = await this.dataSource.getRepository(Condition).find({
      where: { state: 'reported', ...ofOrganisations },
      relations: { assessment: { algorithm: true } },
      order: { reportedAt: 'ASC' },
    });
    const entries = await this.dataSource.getRepository(Publication).find({
      where: {
        current: true,
        lifecycle: In(['published', 'reassessment_due']),
        organisationId: In(orgIds),
      },
      relations: { algorithm: true },
      order: { reassessmentDue: 'ASC', id: 'ASC' },
    });
    const published = entries.map((p) => ({
      publication: p,
      due:
        p.lifecycle === 'reassessment_due' ||
        (p.reassessmentDue !== null && p.reassessmentDue <= day),
      overdueConditions: overdueConditions.filter((c) => c.assessmentId === p.assessmentId).length,
    }));
    return { overdueConditions, reportedConditions, published };
  }

  /**
   * Who may verify: a secretary of the organisation, or the reviewer who set the condition; never
   * the assessment's proposer, nor whoever made the report.
   */
  private async verifyRefusal(
    em: EntityManager,
    { user }: UserContext,
    condition: Condition,
    loaded: Loaded,
    waiting: ConditionReport | null,
  ): Promise<DomainError | null> {
    const orgId = loaded.algorithm.organisationId;
    const setter = condition.reviewId
      ? await em.findOne(Review, {
          where: { id: condition.reviewId },
          select: { id: true, reviewerId: true },
        })
      : null;
    const mayVerify =
      hasRole(user, Role.Secretary, orgId) ||
      (setter?.reviewerId === user.id && hasRole(user, Role.Reviewer, orgId));
    if (!mayVerify) return new DomainError('NOT_ALLOWED', 'conditions.refused.notVerifier');
    if (loaded.assessment.proposerId === user.id)
      return new DomainError('SELF_VERIFICATION', 'conditions.refused.ownProposal');
    if (waiting?.reportedById === user.id)
      return new DomainError('SELF_VERIFICATION', 'conditions.refused.ownReport');
    if (condition.state !== 'reported' || !waiting)
      return new DomainError('INVALID_TRANSITION', 'conditions.refused.notReported');
    return null;
  }

  /** The uploaded document, if it is one of the kinds taken and within the limit. */
  private checkDocument(file: UploadedFile): { bytes: Buffer; type: EvidenceType; name: string } {
    if (file.truncated || file.bytes.length > this.evidence.maxBytes)
      throw fieldError('file', 'conditions.report.tooLarge', {
        megabytes: this.evidence.maxBytes / 1024 / 1024,
      });
    const type = evidenceType(file.bytes);
    if (!type) throw fieldError('file', 'conditions.report.type');
    return { bytes: file.bytes, type, name: file.filename.slice(0, 200) };
  }

  private refusalsRecorded<T>(
    ctx: UserContext,
    action: string,
    condition: Condition,
    loaded: Loaded,
    step: () => Promise<T>,
  ): Promise<T> {
    return recordingRefusals(
      this.dataSource,
      this.audit,
      ctx,
      {
        action,
        objectType: 'condition',
        objectId: condition.id,
        organisationId: loaded.algorithm.organisationId,
        details: { assessmentId: condition.assessmentId },
      },
      step,
    );
  }
}

/** Only the assessment's proposer reports, and only a condition that is open. */
function reportRefusal(condition: Condition, loaded: Loaded): DomainError | null {
  if (!loaded.actorIs.proposer)
    return new DomainError('NOT_ALLOWED', 'conditions.refused.notOwner');
  if (condition.state !== 'open')
    return new DomainError('INVALID_TRANSITION', 'conditions.refused.notOpen');
  return null;
}

/**
 * Moves a condition from the state the step starts from, as of the version the person saw; one
 * UPDATE, so of two steps from the same version only the first changes a row.
 */
async function claim(
  em: EntityManager,
  condition: Condition,
  version: number,
  from: ConditionState,
  changes: Partial<Condition>,
): Promise<void> {
  if (version !== condition.version) throw new DomainError('CONFLICT');
  const result = await em
    .createQueryBuilder()
    .update(Condition)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id AND version = :version AND state = :from', { id: condition.id, version, from })
    .execute();
  if (result.affected !== 1) throw new DomainError('CONFLICT');
}
