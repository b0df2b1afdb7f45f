import { Injectable } from '@nestjs/common';
import { STANDARD_FIELDS, statusCode } from '../algorithms/publicatiestandaard';
import type { FieldGroup, StandardRecord } from '../algorithms/publicatiestandaard';
import type { AssessmentSummary, LocalisedText } from '../publications/assessment-summary';
import { DomainError } from '../common/errors/domain-error';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import type { Language } from '../i18n/i18n';
import { checkPublicId } from './public-id';
import { richText, safeHref } from '../common/rich-text';
import { formatDate, formatMonth } from '../common/views/formats';
import type { ThemeRef } from '../organisations/theme-ref';
import { ThemeService } from '../organisations/theme.service';
import { PublicQuestions } from '../feedback/public-questions';
import { organisationFeedLink, registerFeedLink } from './register-feed';
import { entryHref } from './register.page';
import { RegisterService } from './register.service';
import { termHref } from './terms.page';
import type { TermKind } from './terms.page';
import type { RegisterEntry } from './register.types';

/**
 * `/register/:publicId/:slug` and `/register/:publicId/v/:number`: one entry as published, its
 * current version or an earlier one, with the assessment's summary, conditions and history.
 */
@Injectable()
export class EntryPage {
  constructor(
    private readonly register: RegisterService,
    private readonly themes: ThemeService,
    private readonly questions: PublicQuestions,
  ) {}

  /** The current version, or the version numbered `number` (as written in the URL). */
  async build({ lang }: RequestContext, publicId: string, number?: string) {
    if (number !== undefined && !/^\d{1,6}$/.test(number))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchVersion');
    const entry = await this.register.entry(
      checkPublicId(publicId),
      number === undefined ? undefined : Number(number),
    );
    return {
      ...entryModel(
        lang,
        entry,
        number !== undefined,
        await this.themes.ref(entry.item.organisation.id),
      ),
      publicQuestions: await this.questions.forEntry(entry.item.publicId),
    };
  }
}

const GROUPS: FieldGroup[] = ['general', 'responsible_use', 'operation', 'metadata'];

/**
 * The record's fields by group, as the entry page shows them (and the publish preview); a field
 * whose text the checklist's answers gave says from which questions.
 */
export function recordGroups(
  lang: Language,
  record: StandardRecord,
  filledFrom: AssessmentSummary['filledFrom'] = [],
) {
  const sources = new Map((filledFrom ?? []).map((f) => [f.field, f.questions]));
  return GROUPS.map((group) => {
    const fields = STANDARD_FIELDS.filter((f) => f.group === group)
      .map((f) => {
        const value = record[f.key];
        if (value === undefined || value === '' || (Array.isArray(value) && !value.length))
          return null;
        let html: string;
        // The standard's own values (status, category, themes) are shown in the page's language
        // and link their explanation; everything else is the organisation's Dutch text.
        let lang_: 'nl' | null = 'nl';
        if (f.kind === 'longtext') html = richText(value);
        else if (f.kind === 'url') {
          const href = safeHref(value);
          html = href
            ? `<a class="utrecht-link" href="${escapeAttr(href)}">${escapeText(String(value))}</a>`
            : escapeText(String(value));
        } else if (f.kind === 'month') {
          html = escapeText(formatMonth(lang, value));
          lang_ = null;
        } else if (f.kind === 'status' && statusCode(String(value))) {
          const code = statusCode(String(value))!;
          html = termLink(lang, 'status', code, `register.status.${code}`);
          lang_ = null;
        } else if (f.kind === 'category' && categoryLetter(value)) {
          const letter = categoryLetter(value)!;
          // Dutch pages keep the standard's own wording, as the export has it.
          html =
            lang === 'nl'
              ? termLinkText(lang, 'category', letter, String(value))
              : termLink(lang, 'category', letter, `register.category.${letter}`);
          lang_ = null;
        } else if (f.kind === 'themes' && Array.isArray(value)) {
          html = escapeText(
            value
              .map((theme) => translateKnown(lang, `register.themes.${theme}`, theme))
              .join(', '),
          );
          lang_ = null;
        } else if (Array.isArray(value)) html = escapeText(value.join(', '));
        else html = escapeText(String(value));
        const questions = sources.get(f.key)?.map((q) => q[lang]) ?? [];
        return { labelKey: `register.fields.${f.key}`, html, questions, lang: lang_ };
      })
      .filter(
        (f): f is { labelKey: string; html: string; questions: string[]; lang: 'nl' | null } =>
          f !== null,
      );
    if (group === 'general' && record.organization) {
      fields.splice(1, 0, {
        labelKey: 'register.fields.organization',
        html: escapeText(String(record.organization)),
        questions: [],
        lang: 'nl',
      });
    }
    return { headingKey: `register.groups.${group}`, fields };
  }).filter((g) => g.fields.length);
}

/**
 * An energy estimate's assumptions and the sources of its factors, as the register entry and the
 * work pages show them; a source's link only when it is a web address.
 */
export function energyBasis(
  lang: Language,
  assumptions: LocalisedText,
  sources: { text: LocalisedText; url?: string }[],
) {
  return {
    assumptions: assumptions[lang],
    sources: sources.map((s) => ({ text: s.text[lang], href: safeHref(s.url) })),
  };
}

/** The assessment's public summary as the entry page shows it (and the publish preview). */
export function summaryModel(lang: Language, summary: AssessmentSummary) {
  return {
    decisionKey: `register.outcome.${summary.decision}`,
    decisionHref: termHref(lang, 'outcome', summary.decision),
    riskHref: summary.riskClass ? termHref(lang, 'risk', summary.riskClass) : null,
    reassessmentHref: termHref(lang, 'reassessment'),
    attentionHref: termHref(lang, 'attention'),
    decidedAt: formatDate(lang, summary.decidedAt),
    template: `${summary.template.title[lang]} (${summary.template.version})`,
    riskKey: summary.riskClass ? `register.risk.${summary.riskClass}` : null,
    reassessmentDue: formatDate(lang, summary.reassessmentDue),
    approvals: summary.approvals,
    positions: summary.positions
      ? Object.entries(summary.positions)
          .filter(([, count]) => count > 0)
          .map(([position, count]) => ({ key: `register.position.${position}`, count }))
      : null,
    dissent: (summary.dissent ?? []).map((d) => ({
      key: `register.position.${d.position}`,
      reasoning: d.reasoning,
    })),
    dissentReasoning: summary.dissentReasoning ?? null,
    reasoning: summary.reasoning ?? null,
    reviewerReasoning: (summary.reviewerReasoning ?? []).map((r) => ({
      key: `register.position.${r.position}`,
      reasoning: r.reasoning,
    })),
    energy: summary.energy,
    energyBasis: summary.energy?.assumptions
      ? energyBasis(lang, summary.energy.assumptions, summary.energy.sources ?? [])
      : null,
    requirements: summary.requirements ?? null,
    sections: summary.sections.map((s) => ({
      title: s.title[lang],
      outcomeKey: `register.sectionOutcome.${s.outcome}`,
      attention: s.outcome === 'attention',
      remarks: s.remarks,
    })),
  };
}

function entryModel(
  lang: Language,
  entry: RegisterEntry,
  versionView: boolean,
  theme: ThemeRef | undefined,
) {
  const { record, item } = entry;
  const groups = recordGroups(lang, record, entry.summary?.filledFrom);
  const summary = entry.summary ? summaryModel(lang, entry.summary) : null;
  const residents = entry.summary?.residents;

  return {
    title: String(record.name ?? item.name),
    theme,
    item,
    organisationHref: localisedPath(lang, `/organisaties/${item.organisation.slug}`),
    feeds: [organisationFeedLink(lang, item.organisation), registerFeedLink(lang)],
    statusKey: `register.status.${statusCode(String(record.status)) ?? 'unknown'}`,
    statusHref: termHref(lang, 'status', statusCode(String(record.status))),
    reassessmentHref: termHref(lang, 'reassessment'),
    imported: item.origin === 'import',
    national: entry.nationalListing
      ? {
          href: nationalRegisterUrl(lang, entry.nationalListing.id),
          impactAssessmentKey: `register.entry.impactAssessmentFlag.${entry.nationalListing.impactAssessment ?? 'unknown'}`,
        }
      : null,
    // The entry's life is the current version's: an earlier one shows what was public then.
    reassessmentDue:
      entry.lifecycle === 'reassessment_due' && entry.publicationNumber === item.versions,
    groups,
    // The resident's version, above the technical fields: what the organisation wrote for
    // residents in the checklist's transparency section.
    residents:
      residents &&
      (residents.description ||
        residents.explanation ||
        residents.objection ||
        residents.objectionRoute === false)
        ? {
            description: residents.description ? richText(residents.description) : null,
            explanation: residents.explanation ? richText(residents.explanation) : null,
            objection: residents.objection ? richText(residents.objection) : null,
            noObjectionRoute: residents.objectionRoute === false,
          }
        : null,
    missing: entry.missingRequired.map((key) => ({ labelKey: `register.fields.${key}` })),
    summary,
    conditions: entry.conditions.map((c) => ({
      description: c.description,
      dueDate: formatDate(lang, c.dueDate),
      stateKey: `register.entry.conditionStates.${c.state}`,
      verified: c.state === 'verified',
      date: formatDate(lang, c.verifiedAt ?? c.reportedAt),
      overdue: c.overdue,
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

/** The entry's own page in the national Algoritmeregister, in the page's language. */
export function nationalRegisterUrl(lang: Language, id: string): string {
  return `https://algoritmes.overheid.nl/${lang}/algoritme/${encodeURIComponent(id)}`;
}

/** A term of the standard in the page's language, linked to its explanation on /begrippen. */
function termLink(lang: Language, kind: TermKind, value: string, labelKey: string): string {
  return termLinkText(lang, kind, value, translate(lang, labelKey));
}

function termLinkText(lang: Language, kind: TermKind, value: string, text: string): string {
  return `<a class="utrecht-link" href="${escapeAttr(termHref(lang, kind, value))}">${escapeText(text)}</a>`;
}

/** The message, or the value itself where there is none (a theme outside the standard's list). */
function translateKnown(lang: Language, key: string, fallback: string): string {
  const text = translate(lang, key);
  return text === key ? fallback : text;
}

function categoryLetter(value: unknown): string | null {
  const match = typeof value === 'string' ? /Categorie ([ABC])\)$/.exec(value) : null;
  return match ? match[1] : null;
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
