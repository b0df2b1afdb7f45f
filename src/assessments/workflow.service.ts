import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { evaluateChecklist } from '../checklists/engine';
import { TemplateAdoptionService } from '../checklists/template-adoption.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { isApproval, Review } from '../reviews/entities/review.entity';
import { AssessmentsService, Loaded } from './assessments.service';
import { Answer } from './entities/answer.entity';
import { Assessment } from './entities/assessment.entity';
import { Condition } from './entities/condition.entity';
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

export interface TransitionInput {
  version?: number;
  reasoning?: string;
  reviewerIds?: number[];
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
  ) {}

  async transition(
    ctx: UserContext,
    id: number,
    action: WorkflowAction,
    input: TransitionInput,
  ): Promise<Assessment> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const loaded = await this.assessments.load(em, ctx.user, id);
        claimVersion(loaded.assessment, input.version);
        await this.applyTransition(em, loaded, action, input, ctx);
        return em.findOneByOrFail(Assessment, { id });
      });
    } catch (err) {
      if (err instanceof DomainError && err.status !== 404)
        await this.recordRefusal(ctx, id, action, err);
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
    const guarded = await this.guardContext(em, loaded, reviewerIds);
    const refusal = checkTransition(action, guarded);
    if (refusal) throw refusalError(refusal);
    const t = transitionFor(action);
    if (t.needsReasoning && !input.reasoning?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'reasoning', key: 'workflow.reasoningRequired' },
      ]);
    }

    const from = assessment.state;
    const changes: Partial<Assessment> = { state: t.to };
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
        loaded,
        evaluation: guarded.evaluation,
        reasoning: input.reasoning,
        reviewerIds,
        user: ctx.user,
        now: new Date(),
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
        to: t.to,
        revision: assessment.revision,
        ...(reviewerIds.length ? { reviewerIds } : {}),
      },
    });
  }

  /** What the table's guards look at, for the current revision. */
  private async guardContext(
    em: EntityManager,
    loaded: Loaded,
    reviewerIds: number[],
  ): Promise<TransitionContext> {
    const { assessment } = loaded;
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const conditions = reviews.length
      ? await em.countBy(Condition, { reviewId: In(reviews.map((r) => r.id)) })
      : 0;
    return {
      state: assessment.state,
      actorIs: loaded.actorIs,
      evaluation: evaluateChecklist(loaded.template, loaded.answers),
      missingRegisterFields: missingRegisterFields(loaded.algorithm),
      reviewerIds,
      proposerId: assessment.proposerId,
      approvals: reviews.filter((r) => isApproval(r.decision)).length,
      conditions,
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

  /** A refused step is part of the record too, written on its own since the step's transaction rolled back. */
  private async recordRefusal(
    ctx: UserContext,
    id: number,
    action: WorkflowAction,
    err: DomainError,
  ) {
    const assessment = await this.dataSource
      .getRepository(Assessment)
      .findOne({ where: { id }, relations: { algorithm: true } });
    await this.dataSource.transaction((em) =>
      this.audit.record(em, ctx, {
        action: `assessment.${action}`,
        objectType: 'assessment',
        objectId: id,
        organisationId: assessment?.algorithm.organisationId ?? null,
        result: 'refused',
        details: { code: err.code },
      }),
    );
  }
}
