import { Injectable } from '@nestjs/common';
import { statusCode } from '../algorithms/publicatiestandaard';
import { DomainError } from '../common/errors/domain-error';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import type { Language } from '../i18n/i18n';
import { RegisterQueryDto, SORTS } from './dto/register-query.dto';
import { highlight } from '../common/rich-text';
import { formatDate, formatNumber } from '../common/views/formats';
import { ThemeService } from '../organisations/theme.service';
import { organisationFeedLink, registerFeedLink } from './register-feed';
import { RegisterService } from './register.service';
import { termHref } from './terms.page';
import type { TermKind } from './terms.page';
import type { FacetValue, RegisterCard, RegisterResult } from './register.types';

/**
 * The register's list pages: the search, the organisations, and one organisation's entries.
 * Everything a template shows, escaped where it is HTML; the entry page is entry.page.ts.
 */

/** `/register`: the search with its filters, facets and pages. */
@Injectable()
export class RegisterListPage {
  constructor(private readonly register: RegisterService) {}

  async build({ lang, registerVersion }: RequestContext, query: RegisterQueryDto) {
    const result = await this.register.searchCards(query, undefined, registerVersion);
    return {
      ...listModel(lang, '/register', query, result),
      feeds: [registerFeedLink(lang)],
      notApproved: notApprovedLink(
        lang,
        await this.register.notApprovedCount(undefined, registerVersion),
      ),
    };
  }
}

/** `/organisaties`: every organisation with entries, with their counts. */
@Injectable()
export class OrganisationListPage {
  constructor(private readonly register: RegisterService) {}

  async build({ lang }: RequestContext) {
    const organisations = await this.register.organisations();
    return {
      feeds: [registerFeedLink(lang)],
      organisations: organisations.map((o) => ({
        ...o,
        countText: formatNumber(lang, o.count),
        href: localisedPath(lang, `/organisaties/${o.slug}`),
      })),
    };
  }
}

/** `/organisaties/:slug`: one organisation, its counts per status, and its entries searched as the list is. */
@Injectable()
export class OrganisationPage {
  constructor(
    private readonly register: RegisterService,
    private readonly themes: ThemeService,
  ) {}

  async build({ lang, registerVersion }: RequestContext, slug: string, query: RegisterQueryDto) {
    if (!/^[a-z0-9-]{1,100}$/.test(slug))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchOrganisation');
    const organisation = await this.register.organisation(slug);
    const result = await this.register.searchCards(
      { ...query, organisation: slug },
      undefined,
      registerVersion,
    );
    const path = `/organisaties/${slug}`;
    // The page's own links leave the organisation out (it is in the path); the downloads and the
    // API need it to return what the page shows.
    const model = listModel(lang, path, { ...query, organisation: undefined }, result, slug);
    const feed = organisationFeedLink(lang, organisation);
    return {
      organisation,
      feeds: [feed, registerFeedLink(lang)],
      theme: await this.themes.ref(organisation.id),
      ...model,
      facets: model.facets.filter((f) => f.name !== 'organisation'),
      statusCounts: result.facets.status.map((s) => ({
        labelKey: `register.status.${s.value}`,
        count: formatNumber(lang, s.count),
      })),
      registerHref: localisedPath(lang, `/register?organisation=${slug}`),
      feedHref: feed.href,
      notApproved: notApprovedLink(
        lang,
        await this.register.notApprovedCount(organisation.id, registerVersion),
        slug,
      ),
    };
  }
}

/** The link to the published advice on proposals not approved, apart from the entries; none while there is none. */
function notApprovedLink(lang: Language, count: number, organisation?: string) {
  if (!count) return null;
  const path = `/register/niet-goedgekeurd${organisation ? `?organisation=${organisation}` : ''}`;
  return { count, href: localisedPath(lang, path) };
}

const FILTER_KEYS = [
  'q',
  'organisation',
  'status',
  'category',
  'theme',
  'risk',
  'outcome',
  'sort',
] as const;

/** A register URL with the given state; empty values and page 1 are left out. */
export function registerHref(
  lang: Language,
  path: string,
  query: Partial<Record<string, string | number | undefined>>,
): string {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, 'page']) {
    const value = query[key];
    if (value === undefined || value === '' || (key === 'page' && Number(value) === 1)) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return localisedPath(lang, search ? `${path}?${search}` : path);
}

export function entryHref(lang: Language, item: { publicId: string; slug: string }): string {
  return localisedPath(lang, `/register/${item.publicId}/${item.slug}`);
}

/**
 * A facet option as the page shows it. The texts that repeat for every option and every card are
 * looked up here, once, rather than by a template helper each time: a page of results has about
 * sixty options and twenty-five cards, and each helper call cost the template an object or two.
 */
interface FacetOption {
  /** The facet's field name (the template names the radio button by it). */
  name: string;
  value: string;
  /** The value's name: translated, or as the data has it (an organisation). */
  text: string;
  count: number;
  selected: boolean;
  /** "12 algoritmes", for screen readers; countShort is the number shown. */
  countText: string;
  countShort: string;
}

/**
 * An option's two count texts by number, per language: the same counts come back page after page,
 * and making the pair costs about a microsecond (a plural rule and a number format), sixty times
 * a page. Started over at the limit.
 */
const countTexts: Record<Language, Map<number, readonly [string, string]>> = {
  nl: new Map(),
  en: new Map(),
};
const COUNT_TEXTS_MAX = 10_000;

function facetOption(
  lang: Language,
  name: string,
  value: string,
  text: string,
  count: number,
  selected: boolean,
): FacetOption {
  const known = countTexts[lang];
  let texts = known.get(count);
  if (!texts) {
    texts = [translate(lang, 'register.list.facetCount', { count }), formatNumber(lang, count)];
    if (known.size >= COUNT_TEXTS_MAX) known.clear();
    known.set(count, texts);
  }
  return { name, value, text, count, selected, countText: texts[0], countShort: texts[1] };
}

/** The labels every result card repeats. */
function cardLabels(lang: Language) {
  const t = (key: string) => translate(lang, `register.list.${key}`);
  return {
    organisation: t('colOrganisation'),
    status: t('colStatus'),
    category: t('colCategory'),
    outcome: t('colOutcome'),
    changed: t('colChanged'),
    incomplete: t('incomplete'),
    imported: t('imported'),
  };
}

const FACET_LABEL_KEYS: Record<string, ((v: string) => string) | null> = {
  organisation: null,
  status: (v) => `register.status.${v}`,
  category: (v) => `register.category.${v}`,
  theme: (v) => `register.themes.${v}`,
  risk: (v) => `register.risk.${v}`,
  outcome: (v) => `register.outcome.${v}`,
};

/** The facets whose values /begrippen explains, and where. */
const EXPLAINED_FACETS: Partial<Record<string, TermKind>> = {
  status: 'status',
  category: 'category',
  risk: 'risk',
  outcome: 'outcome',
};

function listModel(
  lang: Language,
  path: string,
  query: RegisterQueryDto,
  result: RegisterResult<RegisterCard>,
  organisation?: string,
) {
  const state: Record<string, string | number | undefined> = { ...query };
  const facets = (Object.keys(FACET_LABEL_KEYS) as (keyof RegisterResult['facets'])[]).map(
    (name) => {
      const labelKey = FACET_LABEL_KEYS[name];
      const selected = state[name] as string | undefined;
      const values: FacetValue[] = result.facets[name];
      const text = (value: string, label: string) =>
        labelKey ? translate(lang, labelKey(value)) : label;
      const options = values.map((v) =>
        facetOption(lang, name, v.value, text(v.value, v.label), v.count, v.value === selected),
      );
      // A value chosen in the URL that no entry has: shown, chosen, with no entries.
      if (selected && !options.some((o) => o.selected))
        options.unshift(facetOption(lang, name, selected, text(selected, selected), 0, true));
      const explained = EXPLAINED_FACETS[name];
      return {
        name,
        labelKey: `register.facets.${name}`,
        options,
        selected,
        // The national listing names 336 organisations: as radio buttons they made /register
        // 180 KB, 150 of it the filter panel. One select, its counts in the options' text.
        select: name === 'organisation',
        termHref: explained ? termHref(lang, explained) : null,
      };
    },
  );
  const active = facets
    .filter((f) => f.selected)
    .map((f) => {
      const option = f.options.find((o) => o.selected);
      return {
        labelKey: f.labelKey,
        value: option?.text,
        removeHref: registerHref(lang, path, { ...state, [f.name]: undefined, page: undefined }),
      };
    });
  const labels = cardLabels(lang);
  const pageHref = (page: number) => registerHref(lang, path, { ...state, page });
  const first = Math.max(1, result.page - 2);
  const last = Math.min(result.pages, result.page + 2);
  const pageLinks = [];
  for (let n = first; n <= last; n++)
    pageLinks.push({ n, href: pageHref(n), current: n === result.page });
  // The downloads and the API carry the search as the page shows it, every filter included.
  const api = (base: string) => {
    const params = new URLSearchParams();
    const searched: Record<string, string | number | undefined> = { ...state, organisation };
    for (const key of FILTER_KEYS) if (searched[key]) params.set(key, String(searched[key]));
    const s = params.toString();
    return s ? `${base}?${s}` : base;
  };
  return {
    values: state,
    total: result.total,
    totalText: formatNumber(lang, result.total),
    items: result.items.map((item) => itemModel(lang, item, result.tokens, labels)),
    facets,
    active,
    sorts: SORTS.filter((s) => s !== 'relevance' || query.q).map((s) => ({
      value: s,
      labelKey: `register.sort.${s}`,
      selected: (query.sort ?? (query.q ? 'relevance' : 'name')) === s,
    })),
    // What each form keeps of the other's choices: the search its filters, the filters the words.
    searchKeeps: FILTER_KEYS.filter((k) => k !== 'q' && state[k]).map((k) => ({
      name: k,
      value: state[k],
    })),
    filtersChosen: active.length > 0 || query.sort !== undefined,
    pagination:
      result.pages > 1
        ? {
            prev: result.page > 1 ? pageHref(result.page - 1) : null,
            next: result.page < result.pages ? pageHref(result.page + 1) : null,
            firstHref: first > 1 ? pageHref(1) : null,
            lastHref: last < result.pages ? pageHref(result.pages) : null,
            pages: pageLinks,
            page: result.page,
            count: result.pages,
          }
        : null,
    resetHref: localisedPath(lang, path),
    jsonHref: api('/api/v1/register'),
    csvHref: api('/api/v1/register.csv'),
    csvSemicolonHref: api('/api/v1/register-semicolon.csv'),
    feedHref: registerFeedLink(lang).href,
    exportHref: '/api/v1/register/export/publicatiestandaard',
  };
}

function itemModel(
  lang: Language,
  item: RegisterCard,
  tokens: string[],
  labels: ReturnType<typeof cardLabels>,
) {
  return {
    labels,
    href: entryHref(lang, item),
    nameHtml: highlight(item.name, tokens),
    descriptionHtml: highlight(item.cardText, tokens),
    facts: cardFacts(lang, item),
    lastChanged: formatDate(lang, item.lastChangedAt),
    lastChangedIso: item.lastChangedAt.toISOString(),
  };
}

/**
 * What a result card says of its entry's organisation, status, category and outcome. Entries
 * share a few thousand combinations of these (2,109 in the benchmark's 100,000 entries), so each
 * combination's texts and links are made once per language and kept, one object each, and the
 * card's template renders that object once (the partialOnce helper, view-engine.ts): making and
 * rendering them for every card of a page was about a twentieth of the CPU of an uncached search
 * at 100,000 entries. At most KEPT_FACTS_MAX are kept (the benchmark's 5,000 searches used 825);
 * at the limit the kept ones start over.
 */
const keptFacts = new Map<string, ReturnType<typeof makeCardFacts>>();
const KEPT_FACTS_MAX = 5000;

function cardFacts(lang: Language, item: RegisterCard) {
  const { organisation } = item;
  const note = item.origin === 'import' ? 'imported' : item.complete ? null : 'incomplete';
  // Every value the facts are made of; \u0000 is in none of them.
  const key = [
    lang,
    organisation.name,
    organisation.slug,
    item.status,
    item.publicationCategory,
    item.assessmentOutcome,
    note,
  ].join('\u0000');
  let facts = keptFacts.get(key);
  if (!facts) {
    facts = makeCardFacts(lang, item, note);
    if (keptFacts.size >= KEPT_FACTS_MAX) keptFacts.clear();
    keptFacts.set(key, facts);
  }
  return facts;
}

function makeCardFacts(lang: Language, item: RegisterCard, note: 'imported' | 'incomplete' | null) {
  const labels = cardLabels(lang);
  const status = statusCode(item.status);
  return {
    labels,
    organisation: item.organisation.name,
    organisationHref: localisedPath(lang, `/organisaties/${item.organisation.slug}`),
    statusText: translate(lang, `register.status.${status ?? 'unknown'}`),
    badge: status === 'in-gebruik' ? 'active' : 'neutral',
    statusHref: termHref(lang, 'status', status),
    categoryHref: item.publicationCategory
      ? termHref(lang, 'category', item.publicationCategory)
      : null,
    outcomeHref: termHref(lang, 'outcome', item.assessmentOutcome),
    categoryShortText: item.publicationCategory
      ? translate(lang, `register.categoryShort.${item.publicationCategory}`)
      : null,
    outcomeText: translate(lang, `register.outcome.${item.assessmentOutcome}`),
    // An imported entry carries what its source carried: the entry page says what and links
    // the source; the list does not call it incomplete.
    outcomeNote: note ? ` (${labels[note]})` : '',
  };
}
