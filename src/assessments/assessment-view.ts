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
    requiredApprovals: a.requiredApprovals,
    algorithm: d.algorithm,
    template: {
      key: d.template.key,
      version: d.template.version,
      title: d.template.title,
      sections: d.template.sections,
    },
    answers: d.answers,
    openQuestionIds: d.openQuestionIds,
    evaluation: d.evaluation,
    availableActions: d.availableActions,
    canEdit: d.canEdit,
    reviews: d.reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: { id: r.reviewer.id, name: r.reviewer.name },
      decision: r.decision,
      reasoning: r.reasoning,
      sectionRemarks: r.sectionRemarks,
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
