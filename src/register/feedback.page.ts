import { Injectable } from '@nestjs/common';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { ThemeService } from '../organisations/theme.service';
import { checkPublicId } from './public-id';
import { entryHref } from './register.page';
import { RegisterService } from './register.service';

/** `/register/:publicId/feedback` and its thank-you page: the entry the message is about. */
@Injectable()
export class FeedbackPage implements PageBuilder {
  constructor(
    private readonly register: RegisterService,
    private readonly themes: ThemeService,
  ) {}

  async build({ lang }: RequestContext, params: RouteParams) {
    const publicId = checkPublicId(params.publicId);
    const owner = await this.register.entryOwner(publicId);
    return {
      theme: await this.themes.ref(owner.organisationId),
      entry: { name: owner.name, href: entryHref(lang, { publicId, slug: owner.slug }) },
      action: localisedPath(lang, `/register/${publicId}/feedback`),
    };
  }
}
