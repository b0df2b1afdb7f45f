import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import { organisationPolicies } from '../organisations/policies';
import { ThemeService } from '../organisations/theme.service';
import { checkPublicId } from '../register/public-id';
import { entryHref } from '../register/register.page';
import { RegisterService } from '../register/register.service';

/**
 * `/register/:publicId/feedback` and its thank-you page: the entry the message is about, and
 * within how many working days its organisation answers.
 */
@Injectable()
export class FeedbackPage implements PageBuilder {
  constructor(
    private readonly ds: DataSource,
    private readonly register: RegisterService,
    private readonly themes: ThemeService,
  ) {}

  async build({ lang }: RequestContext, params: RouteParams, posted?: FlatForm) {
    const publicId = checkPublicId(params.publicId);
    const owner = await this.register.entryOwner(publicId);
    return {
      theme: await this.themes.ref(owner.organisationId),
      entry: { name: owner.name, href: entryHref(lang, { publicId, slug: owner.slug }) },
      action: localisedPath(lang, `/register/${publicId}/feedback`),
      // What the thank-you page promises: the organisation's own answer time.
      answerDays: (await organisationPolicies(this.ds.manager, owner.organisationId))
        .feedbackAnswerDays,
      consent: [
        {
          value: 'yes',
          label: translate(lang, 'feedback.form.consent'),
          checked: posted?.publishConsent === 'yes',
        },
      ],
    };
  }
}
