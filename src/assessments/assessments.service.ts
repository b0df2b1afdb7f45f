import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { AuthUser, hasRole, organisationsWithRole } from '../accounts/auth/auth-user';
import { User } from '../accounts/entities/user.entity';
import { Membership } from '../accounts/entities/membership.entity';
import { Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { newPublicId } from '../algorithms/public-id';
import { STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import { AuditService } from '../audit/audit.service';
import { ChecklistsService } from '../checklists/checklists.service';
import {
  answerProblem,
  applicableQuestions,
  allQuestions,
  ChecklistEvaluation,
  evaluateChecklist,
} from '../checklists/engine';
import type { Answers, ChecklistTemplateContent } from '../checklists/template.types';
import { DomainError } from '../common/errors/domain-error';
import type { FieldProblem } from '../common/validation';
import type { AssessmentSummary } from '../publications/assessment-summary';
import { PublicationService } from '../publications/publication.service';
import { isApproval, Review } from '../reviews/entities/review.entity';
import {
  CreateProposalDto,
  RegisterFieldsDto,
  UpdateRegisterFieldsDto,
} from './dto/register-fields.dto';
import { Answer } from './entities/answer.entity';
import { Assessment } from './entities/assessment.entity';
import { Condition } from './entities/condition.entity';
import { addMonths, today } from './reassessment';
import {
  ActorIs,
  AssessmentOutcome,
  availableActions,
  checkTransition,
  editRefusal,
  refusalError,
  roleFor,
  transitionFor,
  TransitionContext,
  WorkflowAction,
} from './workflow';

/** An assessment loaded for one user: what it is, under which template, and how the user relates to it. */
export interface Loaded {
  assessment: Assessment;
  algorithm: Algorithm;
  template: ChecklistTemplateContent;
  answers: Answers;
  actorIs: ActorIs;
}

export interface TransitionInput {
  version?: number;
  reasoning?: string;
  reviewerIds?: number[];
}

const REQUIRED_REGISTER_FIELDS = STANDARD_FIELDS.filter((f) => f.required && f.kind !== 'category');

const fieldError = (field: string, key: string, params?: Record<string, unknown>) =>
  new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [{ field, key, params }]);

/**
 * Proposals and their assessments: creating, answering, and every workflow step. Which steps are
 * allowed lives in workflow.ts; this service gathers what the table's guards look at, applies the
 * step's effects and records it, all in one transaction.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly checklists: ChecklistsService,
    private readonly publications: PublicationService,
  ) {}

  // ---------------------------------------------------------------- creating

  async createProposal(
    user: AuthUser,
    dto: CreateProposalDto,
    address: string,
  ): Promise<Assessment> {
    if (!hasRole(user, Role.Proposer, dto.organisationId))
      throw fieldError('organisationId', 'validation.organisation.notProposer');
    return this.dataSource.transaction(async (em) => {
      const template = await this.checklists.active(em);
      const { organisationId, ...fields } = dto;
      const algorithm = await em.save(
        em.create(Algorithm, {
          themes: [],
          status: 'In ontwikkeling',
          ...fields,
          publicId: newPublicId(),
          organisationId,
          origin: 'workflow',
          createdById: user.id,
        }),
      );
      const assessment = await em.save(
        em.create(Assessment, {
          algorithmId: algorithm.id,
          templateId: template.id,
          state: 'concept',
          revision: 1,
          proposerId: user.id,
        }),
      );
      await this.audit.record(em, {
        action: 'assessment.create',
        objectType: 'assessment',
        objectId: assessment.id,
        actorUserId: user.id,
        actorRole: Role.Proposer,
        organisationId,
        result: 'success',
        address,
        details: { algorithmId: algorithm.id, template: `${template.key}@${template.version}` },
      });
      return assessment;
    });
  }

  // ---------------------------------------------------------------- reading

  /** Loads an assessment the user may see; anything else, including other organisations' work, is "not found". */
  async load(em: EntityManager, user: AuthUser, id: number): Promise<Loaded> {
    const assessment = await em.findOne(Assessment, {
      where: { id },
      relations: { algorithm: true, template: true },
    });
    if (!assessment) throw new DomainError('NOT_FOUND');
    const orgId = assessment.algorithm.organisationId;
    const reviewer = hasRole(user, Role.Reviewer, orgId)
      ? await em.findBy(Review, { assessmentId: id, reviewerId: user.id })
      : [];
    const actorIs = {
      proposer: assessment.proposerId === user.id && hasRole(user, Role.Proposer, orgId),
      secretary: hasRole(user, Role.Secretary, orgId),
      assignedReviewer: reviewer.some((r) => r.revision === assessment.revision),
    };
    const visible =
      actorIs.proposer ||
      actorIs.secretary ||
      hasRole(user, Role.Admin, orgId) ||
      reviewer.length > 0;
    if (!visible) throw new DomainError('NOT_FOUND');
    return {
      assessment,
      algorithm: assessment.algorithm,
      template: assessment.template.content,
      answers: await this.answersOf(em, id, assessment.revision),
      actorIs,
    };
  }

  async answersOf(em: EntityManager, assessmentId: number, revision: number): Promise<Answers> {
    const rows = await em.findBy(Answer, { assessmentId, revision });
    return Object.fromEntries(rows.map((r) => [r.questionId, r.value]));
  }

  /** Assessments the user works on: own proposals, assigned reviews, and their organisations' as secretary or admin. */
  async list(user: AuthUser): Promise<Assessment[]> {
    const orgWide = organisationsWithRole(user, Role.Secretary, Role.Admin);
    const reviewerOrgs = organisationsWithRole(user, Role.Reviewer);
    const proposerOrgs = organisationsWithRole(user, Role.Proposer);
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.algorithm', 'alg')
      .innerJoinAndSelect('a.template', 'tpl')
      .where('1 = 0');
    if (orgWide.length) qb.orWhere('alg.organisation_id IN (:...orgWide)', { orgWide });
    if (proposerOrgs.length)
      qb.orWhere('(a.proposer_id = :uid AND alg.organisation_id IN (:...proposerOrgs))', {
        uid: user.id,
        proposerOrgs,
      });
    if (reviewerOrgs.length) {
      qb.orWhere(
        '(alg.organisation_id IN (:...reviewerOrgs) AND EXISTS (SELECT 1 FROM reviews r WHERE r.assessment_id = a.id AND r.reviewer_id = :uid))',
        { uid: user.id, reviewerOrgs },
      );
    }
    return qb.orderBy('a.updated_at', 'DESC').take(500).getMany();
  }

  /** Everything a page or an API client needs to show one assessment at one revision. */
  async detail(user: AuthUser, id: number, revision?: number) {
    const em = this.dataSource.manager;
    const loaded = await this.load(em, user, id);
    const { assessment } = loaded;
    const rev = revision ?? assessment.revision;
    if (!Number.isInteger(rev) || rev < 1 || rev > assessment.revision)
      throw new DomainError('NOT_FOUND');
    const answers =
      rev === assessment.revision ? loaded.answers : await this.answersOf(em, id, rev);
    const reviews = await em.find(Review, {
      where: { assessmentId: id },
      relations: { reviewer: true },
      order: { revision: 'DESC', id: 'ASC' },
    });
    const conditions = await em.find(Condition, {
      where: { assessmentId: id },
      order: { dueDate: 'ASC' },
    });
    return {
      assessment,
      algorithm: loaded.algorithm,
      template: loaded.template,
      revision: rev,
      answers,
      evaluation: evaluateChecklist(loaded.template, answers),
      reviews,
      conditions,
      actorIs: loaded.actorIs,
      availableActions:
        rev === assessment.revision
          ? availableActions({ state: assessment.state, actorIs: loaded.actorIs })
          : [],
      canEdit: editRefusal(assessment.state, loaded.actorIs) === null,
    };
  }

  /** What changed between two revisions' answers. */
  async diff(user: AuthUser, id: number, from: number, to: number) {
    const em = this.dataSource.manager;
    const { assessment, template } = await this.load(em, user, id);
    for (const r of [from, to])
      if (!Number.isInteger(r) || r < 1 || r > assessment.revision)
        throw new DomainError('NOT_FOUND');
    const [before, after] = await Promise.all([
      this.answersOf(em, id, from),
      this.answersOf(em, id, to),
    ]);
    return allQuestions(template)
      .filter((q) => JSON.stringify(before[q.id] ?? null) !== JSON.stringify(after[q.id] ?? null))
      .map((q) => ({
        questionId: q.id,
        text: q.text,
        before: before[q.id] ?? null,
        after: after[q.id] ?? null,
      }));
  }

  // ---------------------------------------------------------------- editing

  /**
   * Saves some answers of the current revision, all or none: a wrong type, an unknown question, a
   * question that does not apply or a stale version refuses the whole save. Changing the answers
   * of a published algorithm first opens a new revision, which must be reviewed again; the
   * published version stays public meanwhile.
   */
  async saveAnswers(
    user: AuthUser,
    id: number,
    version: number,
    changes: Record<string, unknown>,
    address: string,
  ) {
    return this.dataSource.transaction(async (em) => {
      let loaded = await this.load(em, user, id);
      if (
        transitionFor('revise').from.includes(loaded.assessment.state) &&
        loaded.actorIs.proposer
      ) {
        this.claimVersion(loaded, version);
        await this.applyTransition(em, loaded, 'revise', {}, user, address);
        loaded = await this.load(em, user, id);
        version = loaded.assessment.version;
      }
      this.assertEditable(loaded);
      const merged: Answers = { ...loaded.answers };
      for (const [qid, value] of Object.entries(changes)) {
        if (value === null) delete merged[qid];
        else merged[qid] = value;
      }
      const problems = this.answerProblems(loaded.template, changes, merged);
      if (problems.length)
        throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);

      await this.bumpVersion(em, loaded.assessment, version);
      const { assessment } = loaded;
      for (const [questionId, value] of Object.entries(changes)) {
        const key = { assessmentId: id, revision: assessment.revision, questionId };
        if (value === null) await em.delete(Answer, key);
        else
          await em.upsert(Answer, { ...key, value, answeredById: user.id }, [
            'assessmentId',
            'revision',
            'questionId',
          ]);
      }
      await this.fillRegisterFields(em, loaded.algorithm, loaded.template, merged, false);
      await this.audit.record(em, {
        action: 'assessment.answers_save',
        objectType: 'assessment',
        objectId: id,
        actorUserId: user.id,
        actorRole: Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        address,
        details: { revision: assessment.revision, questions: Object.keys(changes) },
      });
      const fresh = await em.findOneByOrFail(Assessment, { id });
      return {
        version: fresh.version,
        revision: fresh.revision,
        answers: merged,
        evaluation: evaluateChecklist(loaded.template, merged),
      };
    });
  }

  private answerProblems(
    template: ChecklistTemplateContent,
    changes: Record<string, unknown>,
    merged: Answers,
  ): FieldProblem[] {
    const questions = new Map(allQuestions(template).map((q) => [q.id, q]));
    const applicable = applicableQuestions(template, merged);
    const problems: FieldProblem[] = [];
    for (const [qid, value] of Object.entries(changes)) {
      const question = questions.get(qid);
      if (!question) problems.push({ field: qid, key: 'checklist.answer.unknownQuestion' });
      else if (value === null) continue;
      else if (!applicable.has(qid))
        problems.push({ field: qid, key: 'checklist.answer.notApplicable' });
      else {
        const problem = answerProblem(question, value);
        if (problem) problems.push({ field: qid, ...problem });
      }
    }
    return problems;
  }

  async updateRegisterFields(
    user: AuthUser,
    id: number,
    dto: UpdateRegisterFieldsDto,
    address: string,
  ): Promise<Algorithm> {
    return this.dataSource.transaction(async (em) => {
      const loaded = await this.load(em, user, id);
      this.assertEditable(loaded);
      const { version, ...fields } = dto;
      await this.bumpVersion(em, loaded.assessment, version);
      await em.update(Algorithm, { id: loaded.algorithm.id }, fields as RegisterFieldsDto);
      await this.audit.record(em, {
        action: 'algorithm.update',
        objectType: 'algorithm',
        objectId: loaded.algorithm.id,
        actorUserId: user.id,
        actorRole: Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        address,
        details: { fields: Object.keys(fields) },
      });
      return em.findOneByOrFail(Algorithm, { id: loaded.algorithm.id });
    });
  }

  private assertEditable(loaded: Loaded): void {
    const refusal = editRefusal(loaded.assessment.state, loaded.actorIs);
    if (refusal) throw refusalError(refusal);
  }

  private claimVersion(loaded: Loaded, expected: number | undefined): void {
    if (expected !== undefined && expected !== loaded.assessment.version)
      throw new DomainError('CONFLICT', 'workflow.conflict');
  }

  /**
   * Claims the next version with `UPDATE ... WHERE version = ?`: of two saves from the same version,
   * the second changes no row and is refused with 409 (TypeORM's save() does not check this).
   */
  private async bumpVersion(
    em: EntityManager,
    assessment: Assessment,
    expected: number,
    changes: Partial<Assessment> = {},
  ): Promise<void> {
    const result = await em
      .createQueryBuilder()
      .update(Assessment)
      .set(changes as Record<string, unknown>)
      .where('id = :id AND version = :expected', { id: assessment.id, expected })
      .execute();
    if (!result.affected) throw new DomainError('CONFLICT', 'workflow.conflict');
    assessment.version = expected + 1;
  }

  /** Copies answers to register fields they correspond to; only into empty fields unless `overwrite`. */
  private async fillRegisterFields(
    em: EntityManager,
    algorithm: Algorithm,
    template: ChecklistTemplateContent,
    answers: Answers,
    overwrite: boolean,
  ) {
    const applicable = applicableQuestions(template, answers);
    const byField = new Map<string, string[]>();
    for (const q of allQuestions(template)) {
      const value = answers[q.id];
      if (q.register && applicable.has(q.id) && typeof value === 'string' && value.trim()) {
        byField.set(q.register, [...(byField.get(q.register) ?? []), value.trim()]);
      }
    }
    const updates: Record<string, string> = {};
    const current = algorithm as unknown as Record<string, unknown>;
    for (const [key, parts] of byField) {
      const field = STANDARD_FIELDS.find((f) => f.key === key)!;
      if (!overwrite && current[field.property]) continue;
      updates[field.property] = parts.join('\n\n').slice(0, field.maxLength);
    }
    if (Object.keys(updates).length) {
      await em.update(Algorithm, { id: algorithm.id }, updates);
      Object.assign(algorithm, updates);
    }
  }

  // ---------------------------------------------------------------- workflow steps

  async transition(
    user: AuthUser,
    id: number,
    action: WorkflowAction,
    input: TransitionInput,
    address: string,
  ): Promise<Assessment> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const loaded = await this.load(em, user, id);
        this.claimVersion(loaded, input.version);
        await this.applyTransition(em, loaded, action, input, user, address);
        return em.findOneByOrFail(Assessment, { id });
      });
    } catch (err) {
      if (err instanceof DomainError && err.status !== 404)
        await this.recordRefusal(user, id, action, err, address);
      throw err;
    }
  }

  /** A refused step is part of the record too, written on its own since the step's transaction rolled back. */
  private async recordRefusal(
    user: AuthUser,
    id: number,
    action: WorkflowAction,
    err: DomainError,
    address: string,
  ) {
    const assessment = await this.dataSource
      .getRepository(Assessment)
      .findOne({ where: { id }, relations: { algorithm: true } });
    await this.dataSource.transaction((em) =>
      this.audit.record(em, {
        action: `assessment.${action}`,
        objectType: 'assessment',
        objectId: id,
        actorUserId: user.id,
        organisationId: assessment?.algorithm.organisationId ?? null,
        result: 'refused',
        address,
        details: { code: err.code },
      }),
    );
  }

  async context(
    em: EntityManager,
    loaded: Loaded,
    reviewerIds: number[] = [],
  ): Promise<TransitionContext> {
    const { assessment, algorithm } = loaded;
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const conditions = reviews.length
      ? await em.countBy(Condition, { reviewId: In(reviews.map((r) => r.id)) })
      : 0;
    const current = algorithm as unknown as Record<string, unknown>;
    return {
      state: assessment.state,
      actorIs: loaded.actorIs,
      evaluation: evaluateChecklist(loaded.template, loaded.answers),
      missingRegisterFields: REQUIRED_REGISTER_FIELDS.filter((f) => {
        const v = current[f.property];
        return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
      }).map((f) => f.key),
      reviewerIds,
      proposerId: assessment.proposerId,
      approvals: reviews.filter((r) => isApproval(r.decision)).length,
      conditions,
    };
  }

  /** Checks a step against the table, applies its effects and records it; the caller owns the transaction. */
  async applyTransition(
    em: EntityManager,
    loaded: Loaded,
    action: WorkflowAction,
    input: TransitionInput,
    user: AuthUser,
    address: string,
  ) {
    const { assessment, algorithm } = loaded;
    const reviewerIds = [...new Set(input.reviewerIds ?? [])];
    const ctx = await this.context(em, loaded, reviewerIds);
    const refusal = checkTransition(action, ctx);
    if (refusal) throw refusalError(refusal);
    const t = transitionFor(action);
    if (t.needsReasoning && !input.reasoning?.trim())
      throw fieldError('reasoning', 'workflow.reasoningRequired');

    const from = assessment.state;
    const changes: Partial<Assessment> = { state: t.to };
    const now = new Date();
    const evaluation = ctx.evaluation;

    switch (action) {
      case 'submit':
      case 'resubmit':
        await this.fillRegisterFields(em, algorithm, loaded.template, loaded.answers, false);
        Object.assign(changes, this.derived(evaluation), { submittedAt: now });
        if (action === 'resubmit') await this.carryOverReviewers(em, assessment);
        break;
      case 'assign':
        await this.assignReviewers(em, assessment, algorithm.organisationId, reviewerIds);
        break;
      case 'request_changes':
        if (input.reasoning) changes.decisionReasoning = input.reasoning;
        await this.openNewRevision(em, assessment);
        changes.revision = assessment.revision + 1;
        break;
      case 'approve':
      case 'approve_with_conditions':
      case 'reject':
        Object.assign(changes, this.derived(evaluation), {
          decidedAt: now,
          decidedById: user.id,
          decisionReasoning: input.reasoning!.trim(),
          reassessmentDue:
            action === 'reject' ? null : addMonths(now, evaluation.reassessmentMonths),
        });
        break;
      case 'publish':
        await this.publish(em, loaded, evaluation, now);
        changes.publishedAt = now;
        break;
      case 'revise':
        await this.openNewRevision(em, assessment);
        Object.assign(changes, {
          revision: assessment.revision + 1,
          submittedAt: null,
          decidedAt: null,
          decidedById: null,
          decisionReasoning: null,
        });
        break;
      case 'retire':
        await this.retire(em, algorithm, now);
        break;
      case 'withdraw':
      case 'mark_reassessment_due':
        break;
    }

    await this.bumpVersion(em, assessment, assessment.version, changes);
    Object.assign(assessment, changes);
    await this.audit.record(em, {
      action: `assessment.${action}`,
      objectType: 'assessment',
      objectId: assessment.id,
      actorUserId: user.id,
      actorRole: roleFor(loaded.actorIs, t),
      organisationId: algorithm.organisationId,
      result: 'success',
      address,
      details: {
        from,
        to: t.to,
        revision: changes.revision ?? assessment.revision,
        ...(reviewerIds.length ? { reviewerIds } : {}),
      },
    });
  }

  private derived(e: ChecklistEvaluation): Partial<Assessment> {
    return {
      riskClass: e.riskClass,
      publicationCategory: e.publicationCategory,
      requiredApprovals: e.requiredApprovals,
    };
  }

  private async openNewRevision(em: EntityManager, assessment: Assessment): Promise<void> {
    const rows = await em.findBy(Answer, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    if (rows.length) {
      await em.insert(
        Answer,
        rows.map((r) => ({
          assessmentId: r.assessmentId,
          revision: assessment.revision + 1,
          questionId: r.questionId,
          value: r.value as object,
          answeredById: r.answeredById,
        })),
      );
    }
  }

  /** After changes, the reviewers of the previous revision review the new one (their old sign-offs do not count). */
  private async carryOverReviewers(em: EntityManager, assessment: Assessment): Promise<void> {
    const previous = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision - 1,
    });
    const current = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const missing = previous.filter((p) => !current.some((c) => c.reviewerId === p.reviewerId));
    if (missing.length) {
      await em.insert(
        Review,
        missing.map((p) => ({
          assessmentId: assessment.id,
          revision: assessment.revision,
          reviewerId: p.reviewerId,
        })),
      );
    }
  }

  /** Reviewers must be active reviewers of the assessment's organisation; the proposer never (the guard says so). */
  private async assignReviewers(
    em: EntityManager,
    assessment: Assessment,
    organisationId: number,
    reviewerIds: number[],
  ) {
    const eligible = await em.find(Membership, {
      where: {
        organisationId,
        role: Role.Reviewer,
        userId: In(reviewerIds),
        user: { disabled: false },
      },
      relations: { user: true },
    });
    const unknown = reviewerIds.filter((id) => !eligible.some((m) => m.userId === id));
    if (unknown.length)
      throw fieldError('reviewerIds', 'workflow.notAReviewer', { ids: unknown.join(', ') });
    const existing = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const added = reviewerIds.filter((id) => !existing.some((r) => r.reviewerId === id));
    if (added.length)
      await em.insert(
        Review,
        added.map((reviewerId) => ({
          assessmentId: assessment.id,
          revision: assessment.revision,
          reviewerId,
        })),
      );
  }

  private async publish(
    em: EntityManager,
    loaded: Loaded,
    evaluation: ChecklistEvaluation,
    now: Date,
  ): Promise<void> {
    const { assessment, algorithm, template } = loaded;
    await this.fillRegisterFields(em, algorithm, template, loaded.answers, false);
    algorithm.publicationCategory =
      assessment.publicationCategory ?? evaluation.publicationCategory;
    await em.update(
      Algorithm,
      { id: algorithm.id },
      { publicationCategory: algorithm.publicationCategory },
    );
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const summary: AssessmentSummary = {
      assessmentId: assessment.id,
      revision: assessment.revision,
      template: { key: template.key, version: template.version, title: template.title },
      decision: assessment.state as AssessmentOutcome,
      decidedAt: (assessment.decidedAt ?? now).toISOString(),
      publishedAt: now.toISOString(),
      riskClass: assessment.riskClass ?? evaluation.riskClass,
      publicationCategory: algorithm.publicationCategory,
      reassessmentDue: assessment.reassessmentDue,
      approvals: reviews.filter((r) => isApproval(r.decision)).length,
      energy: evaluation.energy,
      sections: template.sections.map((s) => {
        const remarks = reviews
          .map((r) => r.sectionRemarks?.[s.id]?.trim())
          .filter((x): x is string => !!x);
        return { id: s.id, title: s.title, outcome: remarks.length ? 'attention' : 'ok', remarks };
      }),
    };
    await this.publications.publish(em, {
      algorithm,
      origin: 'workflow',
      assessmentId: assessment.id,
      revision: assessment.revision,
      summary,
    });
  }

  /** Retiring keeps the entry public, marked out of use from this month, as the national register does. */
  private async retire(em: EntityManager, algorithm: Algorithm, now: Date): Promise<void> {
    algorithm.status = 'Buiten gebruik';
    algorithm.endDate ??= now.toISOString().slice(0, 7);
    await em.update(
      Algorithm,
      { id: algorithm.id },
      { status: algorithm.status, endDate: algorithm.endDate },
    );
    // No new assessment: the publication carries the current one over.
    await this.publications.publish(em, { algorithm, origin: 'workflow' });
  }

  // ---------------------------------------------------------------- conditions and follow-up

  /** The secretary or the proposer marks a condition fulfilled. */
  async markConditionDone(
    user: AuthUser,
    conditionId: number,
    address: string,
  ): Promise<Condition> {
    return this.dataSource.transaction(async (em) => {
      const condition = await em.findOneBy(Condition, { id: conditionId });
      if (!condition) throw new DomainError('NOT_FOUND');
      const loaded = await this.load(em, user, condition.assessmentId);
      if (!loaded.actorIs.secretary && !loaded.actorIs.proposer)
        throw new DomainError('NOT_ALLOWED', 'workflow.refused.conditionDone');
      if (condition.doneAt) return condition;
      await em.update(Condition, { id: conditionId }, { doneAt: new Date(), doneById: user.id });
      await this.audit.record(em, {
        action: 'condition.done',
        objectType: 'condition',
        objectId: conditionId,
        actorUserId: user.id,
        actorRole: loaded.actorIs.secretary ? Role.Secretary : Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        address,
        details: { assessmentId: condition.assessmentId },
      });
      return em.findOneByOrFail(Condition, { id: conditionId });
    });
  }

  /** For secretaries: conditions past their due date, and approvals due for re-assessment. */
  async followUps(user: AuthUser, now = new Date()) {
    const orgIds = organisationsWithRole(user, Role.Secretary);
    if (!orgIds.length) return { overdueConditions: [], reassessmentsDue: [] };
    const day = today(now);
    const overdueConditions = await this.dataSource.getRepository(Condition).find({
      where: {
        doneAt: IsNull(),
        dueDate: LessThan(day),
        assessment: { algorithm: { organisationId: In(orgIds) } },
      },
      relations: { assessment: { algorithm: true } },
      order: { dueDate: 'ASC' },
    });
    const due = transitionFor('mark_reassessment_due');
    const reassessmentsDue = await this.dataSource.getRepository(Assessment).find({
      where: [
        {
          state: In([...due.from]),
          reassessmentDue: LessThanOrEqual(day),
          algorithm: { organisationId: In(orgIds) },
        },
        { state: due.to, algorithm: { organisationId: In(orgIds) } },
      ],
      relations: { algorithm: true },
      order: { reassessmentDue: 'ASC' },
    });
    return { overdueConditions, reassessmentsDue };
  }

  /** Reviewers of an organisation, for the secretary's picker; never the proposer of this assessment. */
  async eligibleReviewers(user: AuthUser, id: number): Promise<User[]> {
    const loaded = await this.load(this.dataSource.manager, user, id);
    const rows = await this.dataSource.getRepository(Membership).find({
      where: {
        organisationId: loaded.algorithm.organisationId,
        role: Role.Reviewer,
        user: { disabled: false },
      },
      relations: { user: true },
    });
    return rows.map((m) => m.user).filter((u) => u.id !== loaded.assessment.proposerId);
  }
}
