import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth/auth-user';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { ChecklistEvaluation } from '../checklists/engine';
import { assessmentSummary } from '../publications/assessment-summary';
import { PublicationService } from '../publications/publication.service';
import { Review } from '../reviews/entities/review.entity';
import { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import type { Loaded } from './assessments.service';
import type { Assessment } from './entities/assessment.entity';
import { addMonths } from './reassessment';
import { fillRegisterFields } from './register-fields.service';
import type { AssessmentOutcome, WorkflowAction } from './workflow';

/** What a step's effect works with: the assessment as loaded, the rules' results, the actor's input. */
export interface Step {
  em: EntityManager;
  loaded: Loaded;
  evaluation: ChecklistEvaluation;
  /** Present for the steps the table says need a reasoning; others may bring one. */
  reasoning?: string;
  reviewerIds: number[];
  user: AuthUser;
  now: Date;
}

/** Columns of the assessment a step sets; its state and revision come from the table, its version from the lock. */
export type StepChanges = Omit<Partial<Assessment>, 'state' | 'revision' | 'version'>;

export type StepEffect = (step: Step) => StepChanges | Promise<StepChanges>;

const nothing: StepEffect = () => ({});

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
  ) {}

  readonly of: Record<WorkflowAction, StepEffect> = {
    submit: (step) => this.submit(step),
    resubmit: async (step) => {
      const changes = await this.submit(step);
      await this.reviewers.carryOver(step.em, step.loaded.assessment);
      return changes;
    },
    withdraw: nothing,
    assign: async ({ em, loaded, reviewerIds }) => {
      await this.reviewers.assign(
        em,
        loaded.assessment,
        loaded.algorithm.organisationId,
        reviewerIds,
      );
      return {};
    },
    // The secretary may say why; a reviewer's request has its reasoning on their review.
    request_changes: ({ reasoning }) => (reasoning ? { decisionReasoning: reasoning } : {}),
    approve: (step) => this.decide(step, true),
    approve_with_conditions: (step) => this.decide(step, true),
    reject: (step) => this.decide(step, false),
    publish: (step) => this.publish(step),
    mark_reassessment_due: nothing,
    // The new revision is a concept again: the earlier decision belongs to the published version.
    revise: () => ({
      submittedAt: null,
      decidedAt: null,
      decidedById: null,
      decisionReasoning: null,
    }),
    retire: (step) => this.retire(step),
  };

  /** Answers that correspond to register fields fill the empty ones; what the rules derive is kept. */
  private async submit({ em, loaded, evaluation, now }: Step): Promise<StepChanges> {
    await fillRegisterFields(em, loaded.algorithm, loaded.template, loaded.answers);
    return { ...derived(evaluation), submittedAt: now };
  }

  /** The commission's decision; an approval sets the re-assessment date from the rules' interval. */
  private decide({ evaluation, reasoning, user, now }: Step, approves: boolean): StepChanges {
    return {
      ...derived(evaluation),
      decidedAt: now,
      decidedById: user.id,
      // needsReasoning: the service refuses a decision without one before its effect runs.
      decisionReasoning: reasoning!.trim(),
      reassessmentDue: approves ? addMonths(now, evaluation.reassessmentMonths) : null,
    };
  }

  /** Freezes the register record and the assessment's public summary as a new publication. */
  private async publish({ em, loaded, evaluation, now }: Step): Promise<StepChanges> {
    const { assessment, algorithm, template } = loaded;
    await fillRegisterFields(em, algorithm, template, loaded.answers);
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
    await this.publications.publish(em, {
      algorithm,
      origin: 'workflow',
      assessmentId: assessment.id,
      revision: assessment.revision,
      summary: assessmentSummary({
        assessmentId: assessment.id,
        revision: assessment.revision,
        // The table publishes only from the approving outcomes.
        decision: assessment.state as AssessmentOutcome,
        decidedAt: assessment.decidedAt ?? now,
        publishedAt: now,
        riskClass: assessment.riskClass ?? evaluation.riskClass,
        publicationCategory: algorithm.publicationCategory,
        reassessmentDue: assessment.reassessmentDue,
        energy: evaluation.energy,
        template,
        reviews,
      }),
    });
    return { publishedAt: now };
  }

  /** Retiring keeps the entry public, marked out of use from this month, as the national register does. */
  private async retire({ em, loaded, now }: Step): Promise<StepChanges> {
    const { algorithm } = loaded;
    algorithm.status = 'Buiten gebruik';
    algorithm.endDate ??= now.toISOString().slice(0, 7);
    await em.update(
      Algorithm,
      { id: algorithm.id },
      { status: algorithm.status, endDate: algorithm.endDate },
    );
    // No new assessment: the publication carries the current one over.
    await this.publications.publish(em, { algorithm, origin: 'workflow' });
    return {};
  }
}
