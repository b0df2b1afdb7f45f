import { STANDARD_FIELDS, statusCode } from '../algorithms/publicatiestandaard';
import type { FieldGroup } from '../algorithms/publicatiestandaard';
import type { Language } from '../i18n/i18n';
import { localisedPath } from '../common/http/language';
import { RegisterQueryDto } from './dto/register-query.dto';
import { highlight, richText, safeHref } from './register-html';
import type { FacetValue, RegisterEntry, RegisterItem, RegisterResult } from './register.service';

/** View models for the register's pages: everything a template shows, escaped where it is HTML. */

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

export function formatDate(lang: Language, date: Date | string | null | undefined): string {
  if (!date) return '';
  const value = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) return String(date);
  return dateFormat(lang).format(value);
}

/** Making an Intl.DateTimeFormat costs far more than using one: one per language. */
const DATE_FORMATS = new Map<Language, Intl.DateTimeFormat>();
function dateFormat(lang: Language): Intl.DateTimeFormat {
  let format = DATE_FORMATS.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    });
    DATE_FORMATS.set(lang, format);
  }
  return format;
}

export function formatNumber(lang: Language, n: number): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB').format(n);
}

interface FacetOption {
  value: string;
  label?: string;
  labelKey?: string;
  count: number;
  selected: boolean;
}

const FACET_LABEL_KEYS: Record<string, ((v: string) => string) | null> = {
  organisation: null,
  status: (v) => `register.status.${v}`,
  category: (v) => `register.category.${v}`,
  theme: null,
  risk: (v) => `register.risk.${v}`,
  outcome: (v) => `register.outcome.${v}`,
};

export function listModel(
  lang: Language,
  path: string,
  query: RegisterQueryDto,
  result: RegisterResult,
  extra: Record<string, unknown> = {},
) {
  const state: Record<string, string | number | undefined> = { ...query };
  const facets = (Object.keys(FACET_LABEL_KEYS) as (keyof RegisterResult['facets'])[]).map(
    (name) => {
      const labelKey = FACET_LABEL_KEYS[name];
      const selected = state[name] as string | undefined;
      const values: FacetValue[] = result.facets[name];
      const options: FacetOption[] = values.map((v) => ({
        value: v.value,
        ...(labelKey ? { labelKey: labelKey(v.value) } : { label: v.label }),
        count: v.count,
        selected: v.value === selected,
      }));
      if (selected && !options.some((o) => o.selected)) {
        options.unshift({
          value: selected,
          ...(labelKey ? { labelKey: labelKey(selected) } : { label: selected }),
          count: 0,
          selected: true,
        });
      }
      return { name, labelKey: `register.facets.${name}`, options, selected };
    },
  );
  const active = facets
    .filter((f) => f.selected)
    .map((f) => {
      const option = f.options.find((o) => o.selected);
      return {
        labelKey: f.labelKey,
        valueKey: option?.labelKey,
        value: option?.label,
        removeHref: registerHref(lang, path, { ...state, [f.name]: undefined, page: undefined }),
      };
    });
  const pageHref = (page: number) => registerHref(lang, path, { ...state, page });
  const first = Math.max(1, result.page - 2);
  const last = Math.min(result.pages, result.page + 2);
  const pageLinks = [];
  for (let n = first; n <= last; n++)
    pageLinks.push({ n, href: pageHref(n), current: n === result.page });
  const api = (base: string) => {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (state[key]) params.set(key, String(state[key]));
    const s = params.toString();
    return s ? `${base}?${s}` : base;
  };
  return {
    values: state,
    total: result.total,
    totalText: formatNumber(lang, result.total),
    items: result.items.map((item) => itemModel(lang, item, result.tokens)),
    facets,
    active,
    sorts: ['name', 'changed', 'organisation'].map((s) => ({
      value: s,
      labelKey: `register.sort.${s}`,
      selected: (query.sort ?? 'name') === s,
    })),
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
    feedHref: localisedPath(lang, '/register/feed.atom'),
    exportHref: '/api/v1/register/export/publicatiestandaard',
    ...extra,
  };
}

function itemModel(lang: Language, item: RegisterItem, tokens: string[]) {
  const description =
    item.descriptionShort.length > 300
      ? `${item.descriptionShort.slice(0, 297)}…`
      : item.descriptionShort;
  return {
    href: entryHref(lang, item),
    nameHtml: highlight(item.name, tokens),
    descriptionHtml: highlight(description, tokens),
    organisation: item.organisation.name,
    organisationHref: localisedPath(lang, `/organisaties/${item.organisation.slug}`),
    statusKey: `register.status.${statusCode(item.status) ?? 'unknown'}`,
    statusCode: statusCode(item.status) ?? 'unknown',
    categoryKey: item.publicationCategory ? `register.category.${item.publicationCategory}` : null,
    outcomeKey: `register.outcome.${item.assessmentOutcome}`,
    outcome: item.assessmentOutcome,
    imported: item.origin === 'import',
    incomplete: !item.complete,
    lastChanged: formatDate(lang, item.lastChangedAt),
    lastChangedIso: item.lastChangedAt.toISOString(),
  };
}

const GROUPS: FieldGroup[] = ['general', 'responsible_use', 'operation', 'metadata'];

export function entryModel(lang: Language, entry: RegisterEntry, versionView: boolean) {
  const { record, item } = entry;
  const groups = GROUPS.map((group) => {
    const fields = STANDARD_FIELDS.filter((f) => f.group === group)
      .map((f) => {
        const value = record[f.key];
        if (value === undefined || value === '' || (Array.isArray(value) && !value.length))
          return null;
        let html: string;
        if (f.kind === 'longtext') html = richText(value);
        else if (f.kind === 'url') {
          const href = safeHref(value);
          html = href
            ? `<a class="utrecht-link" href="${escapeAttr(href)}">${escapeText(String(value))}</a>`
            : escapeText(String(value));
        } else if (Array.isArray(value)) html = escapeText(value.join(', '));
        else html = escapeText(String(value));
        return { labelKey: `register.fields.${f.key}`, html };
      })
      .filter((f): f is { labelKey: string; html: string } => f !== null);
    if (group === 'general' && record.organization) {
      fields.splice(1, 0, {
        labelKey: 'register.fields.organization',
        html: escapeText(String(record.organization)),
      });
    }
    return { headingKey: `register.groups.${group}`, fields };
  }).filter((g) => g.fields.length);

  const summary = entry.summary
    ? {
        decisionKey: `register.outcome.${entry.summary.decision}`,
        decidedAt: formatDate(lang, entry.summary.decidedAt),
        template: `${entry.summary.template.title[lang]} (${entry.summary.template.version})`,
        riskKey: entry.summary.riskClass ? `register.risk.${entry.summary.riskClass}` : null,
        reassessmentDue: formatDate(lang, entry.summary.reassessmentDue),
        approvals: entry.summary.approvals,
        energy: entry.summary.energy,
        sections: entry.summary.sections.map((s) => ({
          title: s.title[lang],
          outcomeKey: `register.sectionOutcome.${s.outcome}`,
          attention: s.outcome === 'attention',
          remarks: s.remarks,
        })),
      }
    : null;

  return {
    title: String(record.name ?? item.name),
    item,
    organisationHref: localisedPath(lang, `/organisaties/${item.organisation.slug}`),
    statusKey: `register.status.${statusCode(String(record.status)) ?? 'unknown'}`,
    imported: item.origin === 'import',
    groups,
    missing: entry.missingRequired.map((key) => ({ labelKey: `register.fields.${key}` })),
    summary,
    conditions: entry.conditions.map((c) => ({
      description: c.description,
      dueDate: formatDate(lang, c.dueDate),
      done: c.done,
      doneAt: formatDate(lang, c.doneAt),
    })),
    lastChanged: formatDate(lang, entry.publishedAt),
    lastChangedIso: entry.publishedAt.toISOString(),
    firstPublished: formatDate(lang, item.firstPublishedAt),
    versionNumber: entry.publicationNumber,
    versionView,
    isCurrent: entry.publicationNumber === item.versions,
    currentHref: entryHref(lang, item),
    history: entry.history.map((h) => ({
      number: h.number,
      date: formatDate(lang, h.publishedAt),
      originKey: `register.origin.${h.origin}`,
      href: localisedPath(lang, `/register/${item.publicId}/v/${h.number}`),
      shown: h.number === entry.publicationNumber,
    })),
    feedbackHref: localisedPath(lang, `/register/${item.publicId}/feedback`),
    jsonHref: `/api/v1/register/${item.publicId}`,
    standardHref: `/api/v1/register/${item.publicId}/publicatiestandaard`,
  };
}

function escapeText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

const escapeAttr = escapeText;
