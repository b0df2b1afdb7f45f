import { Injectable } from '@nestjs/common';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';
import type { InboxQueryDto } from './dto/inbox-query.dto';
import { FEEDBACK_STATES } from './entities/feedback.entity';
import type { Feedback } from './entities/feedback.entity';
import { InboxService } from './inbox.service';

/** `/feedback`: the messages of the viewer's organisations, newest first, by state. */
@Injectable()
export class InboxPage {
  constructor(private readonly inbox: InboxService) {}

  async build(ctx: UserContext, query: InboxQueryDto) {
    const { lang } = ctx;
    const listing = await this.inbox.list(ctx, query);
    const link = (page: number) =>
      localisedPath(lang, `/feedback${search({ status: query.status, page })}`);
    return {
      filters: [undefined, ...FEEDBACK_STATES].map((state) => ({
        labelKey: state ? `feedback.states.${state}` : 'feedback.inbox.all',
        href: localisedPath(lang, `/feedback${search({ status: state })}`),
        current: state === query.status,
      })),
      total: listing.total,
      showOrganisation: listing.manyOrganisations,
      rows: listing.items.map((f) => ({
        ...summary(lang, f),
        excerpt: f.message.length > 140 ? `${f.message.slice(0, 140)}…` : f.message,
        organisation: f.organisation.name,
      })),
      number: listing.page,
      pages: listing.pages,
      prev: listing.page > 1 ? link(listing.page - 1) : undefined,
      next: listing.page < listing.pages ? link(listing.page + 1) : undefined,
    };
  }
}

/**
 * `/feedback/:id`: one message with its entry, and what its organisation's secretaries and admins
 * may do with it now. The resident's address is shown only to them; the operator reads whether
 * there is one.
 */
@Injectable()
export class FeedbackMessagePage implements PageBuilder {
  constructor(private readonly inbox: InboxService) {}

  async build(ctx: UserContext, params: RouteParams) {
    const { lang } = ctx;
    const { feedback: f, mayAnswer } = await this.inbox.view(ctx, parseId(params.id, 'id'));
    return {
      ...summary(lang, f),
      message: f.message,
      organisation: f.organisation.name,
      name: mayAnswer ? f.name : null,
      email: mayAnswer ? f.email : null,
      hasEmail: f.email !== null,
      answerEmailed: f.answerEmailed,
      consent: f.publishConsent,
      answer: f.answer,
      answeredAt: f.answeredAt,
      answeredBy: f.answeredBy?.name ?? null,
      publishedAt: f.publishedAt,
      inboxHref: localisedPath(lang, '/feedback'),
      actions: {
        inProgress: localisedPath(lang, `/feedback/${f.id}/in-progress`),
        answer: localisedPath(lang, `/feedback/${f.id}/answer`),
        publish: localisedPath(lang, `/feedback/${f.id}/publish`),
      },
      mayMarkInProgress: mayAnswer && f.state === 'new',
      mayAnswer: mayAnswer && f.state !== 'answered',
      mayPublish: mayAnswer && f.state === 'answered' && f.publishConsent && !f.publishedAt,
      readOnly: !mayAnswer,
    };
  }
}

/** What the list and the message page both show of a message. */
function summary(lang: Language, f: Feedback) {
  return {
    id: f.id,
    href: localisedPath(lang, `/feedback/${f.id}`),
    createdAt: f.createdAt,
    stateKey: `feedback.states.${f.state}`,
    answered: f.state === 'answered',
    published: f.publishedAt !== null,
    entry: {
      name: f.algorithm.name,
      // The permalink: the register sends it on to the entry's current address.
      href: localisedPath(lang, `/register/${f.algorithm.publicId}`),
    },
  };
}

function search(params: { status?: string; page?: number }): string {
  const query = new URLSearchParams();
  if (params.status) query.set('status', params.status);
  if (params.page && params.page > 1) query.set('page', String(params.page));
  const text = query.toString();
  return text ? `?${text}` : '';
}
