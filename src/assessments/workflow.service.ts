import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { evaluateChecklist } from '../checklists/engine';
import { TemplateAdoptionService } from '../checklists/template-adoption.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { legalFloors } from '../law/legal-floors';
import { Review } from '../reviews/entities/review.entity';
import type { ProposedCondition } from '../reviews/entities/review.entity';
import { AssessmentsService, legalFactsOf, Loaded } from './assessments.service';
import { Answer } from './entities/answer.entity';
import { Assessment } from './entities/assessment.entity';
import { instrumentStates } from './instruments/instrument-state';
import { partiesOf } from './parties';
import { remarksAnsweredIn } from './remarks';
import { today } from './reassessment';
import { missingRegisterFields } from './register-fields.service';
import { bumpVersion, claimVersion } from './version-lock';
import {
  checkTransition,
  refusalError,
  roleFor,
  transitionFor,
  TransitionContext,
  WorkflowAction,
} from './workflow';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowNotices } from './workflow-notices';

/** What the actor brings to a step, besides the step itself. */
export interface TransitionInput {
  version?: number;
  /** The secretary's decisions: why. */
  reasoning?: string;
  /** A decision against a reviewer's reject or request for changes: how it answers them. */
  dissentReasoning?: string;
  /** `assign`: the reviewers to add, the review deadline and, once anyone signed, why. */
  reviewerIds?: number[];
  deadline?: string;
  reason?: string;
  /** `approve_with_conditions`: conditions the secretary adds to those the reviewers proposed. */
  conditions?: ProposedCondition[];
}

/**
 * Takes workflow steps. Which steps are allowed, and what each one carries (reasoning, new
 * revision), is the table in workflow.ts; what a step does besides is its effect in
 * workflow-effects.ts. This service gathers what the table's guards look at, applies the step and
 * records it, all in one transaction.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly effects: WorkflowEffects,
    private readonly adoption: TemplateAdoptionService,
    private readonly notices: WorkflowNotices,
  ) {}

  transition(
    ctx: UserContext,
    id: number,
    action: WorkflowAction,
    input: TransitionInput,
  ): Promise<Assessment> {
    return this.recordingRefusals(ctx, id, `assessment.${action}`, () =>
      this.dataSource.transaction(async (em) => {
        const loaded = await this.assessments.load(em, ctx.user, id);
        claimVersion(loaded.assessment, input.version);
        await this.applyTransition(em, loaded, action, input, ctx);
        return em.findOneByOrFail(Assessment, { id });
      }),
    );
  }

  /**
   * Runs an act on an assessment (a step, a sign-off, adding a co-author) that writes in its own
   * transaction; if a rule refuses it, the refusal is part of the record too, written on its own
   * since the act's transaction rolled back. "Not found" is not recorded: nothing was refused.
   */
  async recordingRefusals<T>(
    ctx: UserContext,
    assessmentId: number,
    action: string,
    act: () => Promise<T>,
  ): Promise<T> {
    try {
      return await act();
    } catch (err) {
      if (err instanceof DomainError && err.status !== 404)
        await this.recordRefusal(ctx, assessmentId, action, err);
      throw err;
    }
  }

  /** Checks a step against the table, applies it with its effect and records it; the caller owns the transaction. */
  async applyTransition(
    em: EntityManager,
    loaded: Loaded,
    action: WorkflowAction,
    input: TransitionInput,
    ctx: UserContext,
  ): Promise<void> {
    const { assessment, algorithm } = loaded;
    const reviewerIds = [...new Set(input.reviewerIds ?? [])];
    const now = new Date();
    const guarded = await this.guardContext(em, loaded, { ...input, reviewerIds }, now);
    const refusal = checkTransition(action, guarded);
    if (refusal) throw refusalError(refusal);
    const t = transitionFor(action);
    if (t.needsReasoning && !input.reasoning?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'reasoning', key: 'workflow.reasoningRequired' },
      ]);
    }

    const from = assessment.state;
    // A step about the public entry alone (to: null) leaves the revision as it is.
    const changes: Partial<Assessment> = { state: t.to ?? from };
    if (t.newRevision) {
      // A re-assessment moves to the organisation's current template version.
      if (action === 'revise')
        changes.templateId = (await this.adoption.startReassessment(em, assessment)).templateId;
      else await this.openNewRevision(em, assessment);
      changes.revision = assessment.revision + 1;
    }
    const effect = this.effects.of[action];
    Object.assign(
      changes,
      await effect({
        em,
        ctx,
        loaded,
        evaluation: guarded.evaluation,
        input: { ...input, reviewerIds },
        now,
      }),
    );

    await bumpVersion(em, assessment, assessment.version, changes);
    Object.assign(assessment, changes);
    await this.audit.record(em, ctx, {
      action: `assessment.${action}`,
      objectType: 'assessment',
      objectId: assessment.id,
      actorRole: roleFor(loaded.actorIs, t),
      organisationId: algorithm.organisationId,
      result: 'success',
      details: {
        from,
        to: t.to ?? from,
        ...(t.public?.to ? { publicFrom: loaded.publicState, publicTo: t.public.to } : {}),
        revision: assessment.revision,
        ...(reviewerIds.length
          ? { reviewerIds, deadline: input.deadline, reason: input.reason?.trim() || undefined }
          : {}),
      },
    });
    await this.notices.afterStep(em, action, loaded, reviewerIds, input.deadline);
  }

  /** What the table's guards look at, for the current revision. */
  private async guardContext(
    em: EntityManager,
    loaded: Loaded,
    input: TransitionInput & { reviewerIds: number[] },
    now: Date,
  ): Promise<TransitionContext> {
    const { assessment } = loaded;
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const facts = legalFactsOf(loaded);
    const evaluation = evaluateChecklist(loaded.template, loaded.answers, facts);
    return {
      state: assessment.state,
      publicState: loaded.publicState,
      actorIs: loaded.actorIs,
      evaluation,
      missingRegisterFields: missingRegisterFields(loaded.algorithm),
      floors: legalFloors(facts),
      instruments: (
        await instrumentStates(
          em,
          loaded.algorithm.organisationId,
          facts,
          evaluation,
          loaded.instruments,
        )
      ).map(({ kind, required, status }) => ({ kind, required, status })),
      openRemarks: (await remarksAnsweredIn(em, assessment.id, assessment.revision))
        .filter((r) => r.answer === null)
        .map((r) => ({ key: r.key, target: r.target })),
      partyIds: await partiesOf(em, assessment),
      positions: reviews.map((r) => ({
        reviewerId: r.reviewerId,
        position: r.decision,
        conditions: r.proposedConditions?.length ?? 0,
      })),
      deadline: assessment.reviewDeadline,
      today: today(now),
      input: {
        reviewerIds: input.reviewerIds,
        deadline: input.deadline,
        reason: input.reason,
        dissentReasoning: input.dissentReasoning,
        conditions: input.conditions?.length ?? 0,
      },
    };
  }

  /** Copies the answers into the next revision, which the proposer edits while the reviewed one stays as it was. */
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

  private async recordRefusal(ctx: UserContext, id: number, action: string, err: DomainError) {
    const assessment = await this.dataSource
      .getRepository(Assessment)
      .findOne({ where: { id }, relations: { algorithm: true } });
    await this.dataSource.transaction((em) =>
      this.audit.record(em, ctx, {
        action,
        objectType: 'assessment',
        objectId: id,
        organisationId: assessment?.algorithm.organisationId ?? null,
        result: 'refused',
        details: { code: err.code },
      }),
    );
  }
}
