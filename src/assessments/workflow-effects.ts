import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { ChecklistEvaluation } from '../checklists/engine';
import { isRealDate } from '../common/dates';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import type { FieldProblem } from '../common/validation';
import { Organisation } from '../organisations/entities/organisation.entity';
import { organisationPolicies } from '../organisations/policies';
import { adviceSummary, publishAdvice } from '../publications/advice';
import type { AdviceOutcome } from '../publications/advice';
import { PublicationService, RETIRED_STATUS } from '../publications/publication.service';
import { Review } from '../reviews/entities/review.entity';
import { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import type { Loaded } from './assessments.service';
import { ConditionsService } from './conditions/conditions.service';
import type { Assessment } from './entities/assessment.entity';
import { addMonths, today } from './reassessment';
import { publicVersion } from './public-version';
import type { PublicVersion } from './public-version';
import { fillRegisterFields } from './register-fields.service';
import { snapshotRegisterFields } from './register-snapshot';
import type { WorkflowAction } from './workflow';
import type { TransitionInput } from './workflow.service';

/** What a step's effect works with: the assessment as loaded, the rules' results, the actor's input. */
export interface Step {
  em: EntityManager;
  ctx: UserContext;
  loaded: Loaded;
  evaluation: ChecklistEvaluation;
  /** The reasoning is present for the steps the table says need one; the reviewers deduplicated. */
  input: TransitionInput & { reviewerIds: number[] };
  now: Date;
}

/** Columns of the assessment a step sets; its state and revision come from the table, its version from the lock. */
export type StepChanges = Omit<Partial<Assessment>, 'state' | 'revision' | 'version'>;

export type StepEffect = (step: Step) => StepChanges | Promise<StepChanges>;

/** What the rules derived when the answers were submitted or decided on, kept on the assessment. */
const derived = (e: ChecklistEvaluation): StepChanges => ({
  riskClass: e.riskClass,
  publicationCategory: e.publicationCategory,
  requiredApprovals: e.requiredApprovals,
});

/**
 * What each workflow step does besides moving the state, in the step's transaction. A Record over
 * every action, so a step added to the table does not compile until it has an effect here.
 */
@Injectable()
export class WorkflowEffects {
  constructor(
    private readonly reviewers: ReviewerAssignmentService,
    private readonly publications: PublicationService,
    private readonly conditions: ConditionsService,
  ) {}

  readonly of: Record<WorkflowAction, StepEffect> = {
    submit: (step) => this.submit(step),
    resubmit: async (step) => {
      const changes = await this.submit(step);
      await this.reviewers.carryOver(step.em, step.loaded.assessment);
      return changes;
    },
    withdraw: async (step) => {
      await this.publishAdvice(step, 'withdrawn');
      return {};
    },
    assign: async ({ em, loaded, input }) => {
      await this.reviewers.assign(
        em,
        loaded.assessment,
        loaded.algorithm.organisationId,
        input.reviewerIds,
        input.reason?.trim() || null,
      );
      return { reviewDeadline: input.deadline ?? null };
    },
    // The new revision goes back to the proposer with the collected remarks; its reviewers get a
    // new deadline when the secretary sets one.
    request_changes: (step) => ({ ...this.decision(step), reviewDeadline: null }),
    approve: (step) => this.decide(step, true),
    approve_with_conditions: async (step) => {
      await this.adoptConditions(step);
      return this.decide(step, true);
    },
    reject: async (step) => {
      await this.publishAdvice(step, 'rejected');
      return this.decide(step, false);
    },
    publish: (step) => this.publish(step),
    mark_reassessment_due: (step) => this.markReassessmentDue(step),
    // The new revision is a concept again: the earlier decision belongs to the published version.
    revise: () => ({
      submittedAt: null,
      decidedAt: null,
      decidedById: null,
      decisionReasoning: null,
      dissentReasoning: null,
      reviewDeadline: null,
    }),
    retire: (step) => this.retire(step),
  };

  /**
   * Answers that correspond to register fields fill the empty ones, and the register fields are
   * kept as this revision is submitted with them; what the rules derive is kept.
   */
  private async submit({ em, loaded, evaluation, now }: Step): Promise<StepChanges> {
    await fillRegisterFields(em, loaded.algorithm, loaded.template, loaded.answers);
    await snapshotRegisterFields(em, loaded.assessment, loaded.algorithm);
    return { ...derived(evaluation), submittedAt: now };
  }

  /** Who decided when, and why; the answer to dissent when the decision goes against a reviewer. */
  private decision({ ctx, input, now }: Step): StepChanges {
    return {
      decidedAt: now,
      decidedById: ctx.user.id,
      // needsReasoning: the service refuses a decision without one before its effect runs.
      decisionReasoning: input.reasoning!.trim(),
      dissentReasoning: input.dissentReasoning?.trim() || null,
    };
  }

  /**
   * Advice on a proposal that ends without approval is public when its organisation chooses so
   * (`publishRejectedAdvice`), listed apart from the applications in use. Not when nothing was
   * advised yet (withdrawn before anyone signed), nor for a revision of an application already
   * public, whose published entry and approval stand.
   */
  private async publishAdvice(
    { em, loaded, input, now }: Step,
    outcome: AdviceOutcome,
  ): Promise<void> {
    const { assessment, algorithm } = loaded;
    if (loaded.publicState) return;
    const policies = await organisationPolicies(em, algorithm.organisationId);
    if (!policies.publishRejectedAdvice) return;
    const [last] = await em.find(Review, {
      where: { assessmentId: assessment.id, decision: Not(IsNull()) },
      order: { revision: 'DESC' },
      take: 1,
    });
    if (!last) return;
    const rejected = outcome === 'rejected';
    await publishAdvice(em, {
      assessmentId: assessment.id,
      organisationId: algorithm.organisationId,
      publicId: algorithm.publicId,
      name: algorithm.name,
      descriptionShort: algorithm.descriptionShort,
      outcome,
      decidedAt: now,
      summary: adviceSummary({
        decision: rejected ? 'rejected' : assessment.decidedAt ? 'request_changes' : null,
        reasoning: rejected ? (input.reasoning ?? null) : assessment.decisionReasoning,
        reviews: await em.findBy(Review, { assessmentId: assessment.id, revision: last.revision }),
        publishReviewerReasoning: policies.publishReviewerReasoning,
      }),
    });
  }

  /** The commission's decision; an approval sets the re-assessment date from the rules' interval. */
  private decide(step: Step, approves: boolean): StepChanges {
    const { evaluation, now } = step;
    return {
      ...derived(evaluation),
      ...this.decision(step),
      reassessmentDue: approves ? addMonths(now, evaluation.reassessmentMonths) : null,
    };
  }

  /**
   * The conditions of an approval with conditions: every condition the reviewers of this revision
   * proposed, and those the secretary adds. Each is due after the decision date; one that is not
   * is refused naming its field (the secretary's) or the reviewer's condition.
   */
  private async adoptConditions({ em, ctx, loaded, input, now }: Step): Promise<void> {
    const { assessment } = loaded;
    const day = today(now);
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const proposed = reviews.flatMap((r) =>
      (r.proposedConditions ?? []).map((c) => ({ ...c, reviewId: r.id as number | null })),
    );
    const added = (input.conditions ?? []).map((c) => ({
      description: c.description.trim(),
      owner: c.owner.trim(),
      dueDate: c.dueDate,
      reviewId: null,
    }));
    const problems: FieldProblem[] = [
      ...proposed
        .filter((c) => c.dueDate <= day)
        .map((c) => ({
          field: 'conditions',
          key: 'workflow.proposedConditionDue',
          params: { description: c.description, date: c.dueDate },
        })),
      ...added.flatMap((c, i) =>
        !isRealDate(c.dueDate)
          ? [{ field: `conditions.${i}.dueDate`, key: 'validation.isDateString' }]
          : c.dueDate <= day
            ? [{ field: `conditions.${i}.dueDate`, key: 'validation.dueAfterDecision' }]
            : [],
      ),
    ];
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);
    await this.conditions.createForDecision(em, ctx, {
      assessmentId: assessment.id,
      organisationId: loaded.algorithm.organisationId,
      conditions: [...proposed, ...added],
    });
  }

  /**
   * What publishing this revision makes public now, built as the publish step builds it: the
   * step and its confirmation page's preview share it.
   */
  async publicVersionOf(
    em: EntityManager,
    loaded: Loaded,
    evaluation: ChecklistEvaluation,
    now: Date,
  ): Promise<PublicVersion> {
    const { assessment, algorithm } = loaded;
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const organisation = await em.findOneByOrFail(Organisation, { id: algorithm.organisationId });
    const { publishReviewerReasoning } = await organisationPolicies(em, organisation.id);
    return publicVersion({
      loaded,
      organisationName: organisation.name,
      evaluation,
      reviews,
      now,
      publishReviewerReasoning,
    });
  }

  /** Freezes the register record and the assessment's public summary as a new publication. */
  private async publish({ em, loaded, evaluation, now }: Step): Promise<StepChanges> {
    const { assessment, algorithm, template } = loaded;
    const version = await this.publicVersionOf(em, loaded, evaluation, now);
    await fillRegisterFields(em, algorithm, template, loaded.answers);
    algorithm.publicationCategory = version.algorithm.publicationCategory;
    await em.update(
      Algorithm,
      { id: algorithm.id },
      { publicationCategory: algorithm.publicationCategory },
    );
    await this.publications.publish(em, {
      algorithm,
      origin: 'workflow',
      assessmentId: assessment.id,
      revision: assessment.revision,
      record: version.record,
      summary: version.summary,
    });
    return { publishedAt: now };
  }

  /** The public entry says its re-assessment is due; the revision being worked on is not touched. */
  private async markReassessmentDue({ em, loaded }: Step): Promise<StepChanges> {
    const current = await this.publications.current(em, loaded.algorithm.id);
    // The table allows the step only while the entry is published.
    await this.publications.markReassessmentDue(em, current!);
    return {};
  }

  /**
   * Retiring keeps the entry public, marked out of use from this month, as the national register
   * does: a new version of what was public, with the assessment that applied to it. A revision in
   * progress ends with it; its edits never become public.
   */
  private async retire({ em, loaded, now }: Step): Promise<StepChanges> {
    const { algorithm } = loaded;
    algorithm.status = RETIRED_STATUS;
    algorithm.endDate ??= now.toISOString().slice(0, 7);
    await em.update(
      Algorithm,
      { id: algorithm.id },
      { status: algorithm.status, endDate: algorithm.endDate },
    );
    await this.publications.retire(em, algorithm, now);
    return {};
  }
}
