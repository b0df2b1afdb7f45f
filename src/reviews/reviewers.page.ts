import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { assessmentFrame, list, reviewRows, str } from '../assessments/pages/assessment-frame';
import { addDays, today } from '../assessments/reassessment';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import { ReviewerAssignmentService } from './reviewer-assignment.service';

/** The deadline the picker proposes when none is running: two weeks from today. */
const DEFAULT_REVIEW_DAYS = 14;

/**
 * `/assessments/:id/reviewers`, the secretary's picker: the organisation's reviewers, never the
 * proposer (ReviewerAssignmentService.eligible leaves them out), with those already assigned, the
 * reviewers' deadline and, once anyone has signed, the reason for a change.
 */
@Injectable()
export class ReviewersPage implements PageBuilder {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly reviewerAssignment: ReviewerAssignmentService,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const eligible = await this.reviewerAssignment.eligible(ctx, id);
    const assigned = d.reviews.filter((r) => r.revision === d.assessment.revision);
    const chosen = posted
      ? list(posted['reviewerIds[]'])
      : assigned.map((r) => String(r.reviewer.id));
    const already = translate(lang, 'work.reviewers.alreadyAssigned');
    const { reviewDeadline } = d.assessment;
    const deadline = posted
      ? str(posted.deadline)
      : reviewDeadline && reviewDeadline > today()
        ? reviewDeadline
        : addDays(new Date(), DEFAULT_REVIEW_DAYS);
    return {
      ...assessmentFrame(d, ctx, 'reviewers'),
      candidates: eligible.map((u) => {
        const isAssigned = assigned.some((r) => r.reviewer.id === u.id);
        return {
          value: String(u.id),
          label: `${u.name} (${u.email})${isAssigned ? ` — ${already}` : ''}`,
          checked: chosen.includes(String(u.id)),
        };
      }),
      assigned: reviewRows(d, lang).filter((r) => r.current),
      required: d.evaluation.requiredApprovals,
      deadline,
      // Once anyone has signed, adding a reviewer needs a reason (the table's guard).
      needsReason: assigned.some((r) => r.decision),
      reason: posted ? str(posted.reason) : '',
      mayAssign: d.availableActions.includes('assign'),
      formAction: localisedPath(lang, `/assessments/${id}/reviewers`),
    };
  }
}
