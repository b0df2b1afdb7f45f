import { Injectable } from '@nestjs/common';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import type { FlatForm } from '../../common/forms/form-body';
import { AssessmentsService } from '../assessments.service';
import { CoauthorsService } from '../coauthors.service';
import { signOffRefusal } from '../workflow';
import { assessmentFrame, conditionRows, DECISIONS, reviewRows, str } from './assessment-frame';

/** Steps taken with one button on the overview page. */
const BUTTON_ACTIONS = ['withdraw', 'publish', 'mark_reassessment_due', 'revise', 'retire'];

/**
 * `/assessments/:id`: state, what is expected now, the buttons of the transition table, the
 * co-authors (and, for the proposer while the proposal can be written, a form to add one),
 * reviews and conditions.
 */
@Injectable()
export class OverviewPage implements PageBuilder {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly coauthors: CoauthorsService,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const { user, lang } = ctx;
    const t = (key: string) => translate(lang, key);
    const frame = assessmentFrame(d, ctx, 'overview');
    const path = (p: string) => localisedPath(lang, `/assessments/${id}${p}`);
    const links: { href: string; label: string }[] = [];
    const act = d.availableActions;
    if (act.includes('submit') || act.includes('resubmit'))
      links.push({ href: path('/summary'), label: t('work.actions.toSummary') });
    if (act.includes('assign'))
      links.push({ href: path('/reviewers'), label: t('work.actions.toReviewers') });
    if (DECISIONS.some((x) => act.includes(x)) && d.actorIs.secretary)
      links.push({ href: path('/decision'), label: t('work.actions.toDecision') });
    const ownReview = d.reviews.find(
      (r) => r.revision === d.assessment.revision && r.reviewer.id === user.id,
    );
    if (signOffRefusal(d, ownReview) === null)
      links.push({ href: path('/review'), label: t('work.actions.toReview') });
    const mayAddCoauthor = d.canEdit && d.assessment.proposerId === user.id;
    const chosen = posted ? str(posted.userId) : '';
    const colleagues = mayAddCoauthor ? await this.coauthors.eligible(ctx, id) : [];
    return {
      ...frame,
      coauthors: d.coauthors.map((u) => u.name),
      addCoauthor: mayAddCoauthor
        ? {
            formAction: path('/coauthors'),
            options: colleagues.map((u) => ({
              value: String(u.id),
              label: u.name,
              selected: String(u.id) === chosen,
            })),
          }
        : null,
      next: t(`work.next.${d.assessment.state}`),
      // The public entry's life, apart from the revision: what the register shows now.
      publicEntry: d.publicState
        ? {
            state: t(`work.public.state.${d.publicState}`),
            next:
              d.publicState === 'reassessment_due' ? t('work.public.next.reassessment_due') : null,
          }
        : null,
      links,
      buttons: act
        .filter((x) => BUTTON_ACTIONS.includes(x))
        .map((action) => ({
          action,
          label: t(`work.action.${action}`),
          warning: ['withdraw', 'retire'].includes(action),
        })),
      decision: d.assessment.decisionReasoning
        ? { reasoning: d.assessment.decisionReasoning, at: d.assessment.decidedAt }
        : null,
      reassessmentDue: d.assessment.reassessmentDue,
      reviews: reviewRows(d, lang),
      conditions: conditionRows(d),
      firstSectionHref: frame.sections[0]?.href,
    };
  }
}
