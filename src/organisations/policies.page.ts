import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import { MAX_FEEDBACK_ANSWER_DAYS } from './policies';
import type { OrganisationPolicies } from './policies';

/** The yes-or-no choices, each a fieldset of one checkbox. */
const CHOICES = ['publishRejectedAdvice', 'publishReviewerReasoning', 'iamaForImpactful'] as const;
import { PoliciesService } from './policies.service';

/** `/admin/organisations/:id/policies`: what the organisation has chosen about its register and process. */
@Injectable()
export class PoliciesPage implements PageBuilder {
  constructor(private readonly policies: PoliciesService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { organisation, policies } = await this.policies.settings(ctx, parseId(params.id, 'id'));
    const checked = (name: keyof OrganisationPolicies) =>
      posted ? posted[name] === 'true' : policies[name] === true;
    const text = (key: string) => translate(ctx.lang, `admin.policies.${key}`);
    return {
      organisation,
      values: {
        feedbackAnswerDays: posted?.feedbackAnswerDays ?? String(policies.feedbackAnswerDays),
      },
      choices: CHOICES.map((name) => ({
        name,
        legend: text(`${name}Legend`),
        help: text(`${name}Help`),
        options: [{ value: 'true', label: text(name), checked: checked(name) }],
      })),
      maxDays: MAX_FEEDBACK_ANSWER_DAYS,
      action: `/admin/organisations/${organisation.id}/policies`,
    };
  }
}
