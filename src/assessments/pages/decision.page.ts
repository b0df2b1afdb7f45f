import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { isApproval } from '../../reviews/entities/review.entity';
import { AssessmentsService } from '../assessments.service';
import { assessmentFrame, conditionRows, DECISIONS, reviewRows, str } from './assessment-frame';

/**
 * `/assessments/:id/decision`, the commission's decision: the state of all reviews, the
 * conditions, and the decisions the table allows now.
 */
@Injectable()
export class DecisionPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const rows = reviewRows(d, lang).filter((r) => r.current);
    const chosen = posted ? str(posted.action) : '';
    return {
      ...assessmentFrame(d, ctx, 'decision'),
      reviews: rows,
      signed: rows.filter((r) => r.decision).length,
      approvals: d.reviews.filter(
        (r) => r.revision === d.assessment.revision && isApproval(r.decision),
      ).length,
      conditions: conditionRows(d),
      options: DECISIONS.filter((x) => d.availableActions.includes(x)).map((value) => ({
        value,
        label: translate(lang, `work.decision.${value}`),
        checked: chosen === value,
      })),
      reasoning: posted ? str(posted.reasoning) : '',
      formAction: localisedPath(lang, `/assessments/${id}/decision`),
    };
  }
}
