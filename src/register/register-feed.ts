import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import type { AssessmentSummary } from '../publications/assessment-summary';
import { translate } from '../i18n/i18n';
import type { Language } from '../i18n/i18n';
import { atomFeed } from './exports';
import { RegisterService } from './register.service';

/** Where a page announces its feeds (`<link rel="alternate" type="application/atom+xml">`). */
export interface FeedLink {
  title: string;
  href: string;
}

export const REGISTER_FEED_PATH = '/register/feed.atom';

export function organisationFeedPath(slug: string): string {
  return `/organisaties/${slug}/feed.atom`;
}

/** The register's feed, for every register page. */
export function registerFeedLink(lang: Language): FeedLink {
  return {
    title: translate(lang, 'register.feed.title'),
    href: localisedPath(lang, REGISTER_FEED_PATH),
  };
}

/** One organisation's feed, for its pages and its entries' pages. */
export function organisationFeedLink(
  lang: Language,
  organisation: { name: string; slug: string },
): FeedLink {
  return {
    title: translate(lang, 'register.feed.organisationTitle', { name: organisation.name }),
    href: localisedPath(lang, organisationFeedPath(organisation.slug)),
  };
}

/** The Atom feeds: the newest 50 publications of the register, or of one organisation. */
@Injectable()
export class RegisterFeed {
  constructor(private readonly register: RegisterService) {}

  async build({ lang }: RequestContext, baseUrl: string, slug?: string): Promise<string> {
    const version = (n: number) => translate(lang, 'register.entry.version', { n });
    const withDecision = (items: Awaited<ReturnType<RegisterService['recentPublications']>>) =>
      items.map((item) => ({ ...item, decision: decisionText(lang, item.summary) }));
    if (slug === undefined) {
      return atomFeed(
        baseUrl,
        {
          title: registerFeedLink(lang).title,
          selfPath: REGISTER_FEED_PATH,
          htmlPath: '/register',
        },
        withDecision(await this.register.recentPublications()),
        version,
      );
    }
    if (!/^[a-z0-9-]{1,100}$/.test(slug))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchOrganisation');
    const organisation = await this.register.organisation(slug);
    return atomFeed(
      baseUrl,
      {
        title: organisationFeedLink(lang, organisation).title,
        selfPath: organisationFeedPath(slug),
        htmlPath: `/organisaties/${slug}`,
      },
      withDecision(await this.register.recentPublications(organisation.id)),
      version,
    );
  }
}

/** "Decision of the commission: approved. Reasoning: ..." for a feed item; none without an assessment. */
function decisionText(lang: Language, summary: AssessmentSummary | null): string | undefined {
  if (!summary) return undefined;
  const decision = `${translate(lang, 'register.entry.decision')}: ${translate(lang, `register.outcome.${summary.decision}`)}.`;
  return summary.reasoning
    ? `${decision} ${translate(lang, 'register.entry.reasoning')}: ${summary.reasoning}`
    : decision;
}
