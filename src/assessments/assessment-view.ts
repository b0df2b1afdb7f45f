import { isDissent, positionCounts } from '../reviews/entities/review.entity';
import type { AssessmentsService } from './assessments.service';
import { isOverdue } from './conditions/condition-state';
import type { Assessment } from './entities/assessment.entity';

type Detail = Awaited<ReturnType<AssessmentsService['detail']>>;

/** The JSON shape of an assessment in lists. */
export function assessmentListItem(a: Assessment) {
  return {
    id: a.id,
    state: a.state,
    revision: a.revision,
    version: a.version,
    riskClass: a.riskClass,
    publicationCategory: a.publicationCategory,
    reassessmentDue: a.reassessmentDue,
    updatedAt: a.updatedAt,
    template: { key: a.template.key, version: a.template.version },
    algorithm: {
      id: a.algorithm.id,
      publicId: a.algorithm.publicId,
      name: a.algorithm.name,
      organisationId: a.algorithm.organisationId,
    },
  };
}

/**
 * The positions on the viewed revision: how many reviewers took each, and the dissent (rejections
 * and requests for changes) with who and why; never only the approvals.
 */
function positionsOf(d: Detail) {
  const reviews = d.reviews.filter((r) => r.revision === d.revision);
  return {
    counts: positionCounts(reviews),
    dissent: reviews
      .filter((r) => isDissent(r.decision))
      .map((r) => ({
        reviewer: { id: r.reviewer.id, name: r.reviewer.name },
        position: r.decision,
        reasoning: r.reasoning,
      })),
  };
}

/** The JSON shape of one assessment: its questions as they were in its template version, answers, rules' results, reviews. */
export function assessmentDetail(d: Detail) {
  const a = d.assessment;
  return {
    ...assessmentListItem(a),
    viewedRevision: d.revision,
    submittedAt: a.submittedAt,
    decidedAt: a.decidedAt,
    decisionReasoning: a.decisionReasoning,
    publishedAt: a.publishedAt,
    /** The public entry's life, apart from the revision's state: published, reassessment_due, retired, or null. */
    publicState: d.publicState,
    requiredApprovals: a.requiredApprovals,
    algorithm: d.algorithm,
    template: {
      key: d.template.key,
      version: d.template.version,
      title: d.template.title,
      sections: d.template.sections,
    },
    answers: d.answers,
    /** The AI Act decision tree: the pinned version, the path, and what replaying it gives now. */
    classification: d.classification
      ? {
          tree: `${d.classification.tree.key}@${d.classification.tree.version}`,
          path: d.classification.path,
          result: d.classification.result,
          profile: d.classification.profile,
          facts: d.classification.facts,
        }
      : null,
    openQuestionIds: d.openQuestionIds,
    evaluation: d.evaluation,
    availableActions: d.availableActions,
    canEdit: d.canEdit,
    coauthors: d.coauthors.map((u) => ({ id: u.id, name: u.name })),
    remarks: d.remarks,
    reviewDeadline: a.reviewDeadline,
    dissentReasoning: a.dissentReasoning,
    positions: positionsOf(d),
    reviews: d.reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: { id: r.reviewer.id, name: r.reviewer.name },
      decision: r.decision,
      reasoning: r.reasoning,
      sectionRemarks: r.sectionRemarks,
      proposedConditions: r.proposedConditions ?? [],
      assignmentReason: r.assignmentReason,
      assignedAt: r.assignedAt,
      signedAt: r.signedAt,
    })),
    conditions: d.conditions.map((c) => ({
      id: c.id,
      reviewId: c.reviewId,
      description: c.description,
      owner: c.owner,
      dueDate: c.dueDate,
      state: c.state,
      overdue: isOverdue(c),
      reportedAt: c.reportedAt,
      verifiedAt: c.verifiedAt,
      version: c.version,
    })),
  };
}
