import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { positionCounts } from '../../reviews/entities/review.entity';
import { AssessmentsService } from '../assessments.service';
import { today } from '../reassessment';
import {
  assessmentFrame,
  conditionInputRows,
  conditionRows,
  DECISIONS,
  reviewRows,
  str,
} from './assessment-frame';

/**
 * `/assessments/:id/decision`, the secretary's decision on the reviewers' positions: every
 * position with its reasoning, remarks and proposed conditions, counted per position; the
 * dissent; reviewers added late and why; whether the decision can be taken (every reviewer
 * signed, or the deadline passed); and the decisions the table allows, with a reasoning, an answer
 * to the dissent and conditions to add.
 */
@Injectable()
export class DecisionPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const t = (key: string, p?: Record<string, unknown>) => translate(lang, key, p);
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const rows = reviewRows(d, lang).filter((r) => r.current);
    const current = d.reviews.filter((r) => r.revision === d.assessment.revision);
    const counts = positionCounts(current);
    const open = counts.not_signed;
    const deadline = d.assessment.reviewDeadline;
    const chosen = posted ? str(posted.action) : '';
    return {
      ...assessmentFrame(d, ctx, 'decision'),
      reviews: rows,
      counts: Object.entries(counts).map(([position, count]) => ({
        label: t(`work.position.${position}`),
        count,
      })),
      dissent: rows.filter((r) => r.dissent),
      addedLate: rows.filter((r) => r.assignmentReason),
      readiness:
        open === 0
          ? t('work.decision.allSigned')
          : deadline && today() > deadline
            ? t('work.decision.deadlinePassed', { open, deadline })
            : t(deadline ? 'work.decision.waitingUntil' : 'work.decision.waiting', {
                open,
                deadline,
              }),
      remarks: rows.flatMap((r) => r.remarks),
      conditions: conditionRows(d),
      proposed: rows.flatMap((r) => r.proposedConditions),
      options: DECISIONS.filter((x) => d.availableActions.includes(x)).map((value) => ({
        value,
        label: t(`work.decision.${value}`),
        checked: chosen === value,
      })),
      reasoning: posted ? str(posted.reasoning) : '',
      dissentReasoning: posted ? str(posted.dissentReasoning) : '',
      conditionRows: conditionInputRows(lang),
      formAction: localisedPath(lang, `/assessments/${id}/decision`),
    };
  }
}
