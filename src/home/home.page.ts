import { Injectable } from '@nestjs/common';
import { statusCode } from '../algorithms/publicatiestandaard';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { formatDate, formatNumber } from '../common/views/formats';
import type { Language } from '../i18n/i18n';
import { entryHref } from '../register/register.page';
import { RegisterService } from '../register/register.service';
import type { RegisterCard } from '../register/register.types';

/** How many entries each list on the home page shows. */
const LATEST = 5;
/** The newest changes in which the latest assessed entries are looked for. */
const LATEST_WINDOW = 50;

/**
 * `/`: for residents first. The search, the register in numbers, the latest publications and the
 * latest assessed entries, what the register is and how to react to an entry.
 */
@Injectable()
export class HomePage {
  constructor(private readonly register: RegisterService) {}

  async build({ lang }: RequestContext) {
    const newest = await this.register.searchCards({ sort: 'changed' }, LATEST_WINDOW);
    const count = (facet: { value: string; count: number }[], value: string) =>
      facet.find((f) => f.value === value)?.count ?? 0;
    const assessed = newest.total - count(newest.facets.outcome, 'none');
    return {
      counts: [
        {
          n: formatNumber(lang, newest.total),
          labelKey: 'home.counts.entries',
          count: newest.total,
        },
        {
          n: formatNumber(lang, newest.facets.organisation.length),
          labelKey: 'home.counts.organisations',
          count: newest.facets.organisation.length,
        },
        {
          n: formatNumber(lang, count(newest.facets.status, 'in-gebruik')),
          labelKey: 'home.counts.inUse',
          count: count(newest.facets.status, 'in-gebruik'),
        },
        { n: formatNumber(lang, assessed), labelKey: 'home.counts.assessed', count: assessed },
      ],
      latest: newest.items.slice(0, LATEST).map((item) => card(lang, item)),
      assessedLatest: newest.items
        .filter((item) => item.assessmentOutcome !== 'none')
        .slice(0, LATEST)
        .map((item) => card(lang, item)),
      registerHref: localisedPath(lang, '/register'),
    };
  }
}

function card(lang: Language, item: RegisterCard) {
  return {
    href: entryHref(lang, item),
    name: item.name,
    organisation: item.organisation.name,
    statusKey: `register.status.${statusCode(item.status) ?? 'unknown'}`,
    outcomeKey: `register.outcome.${item.assessmentOutcome}`,
    changed: formatDate(lang, item.lastChangedAt),
    changedIso: item.lastChangedAt.toISOString(),
  };
}
