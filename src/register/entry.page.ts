import { Injectable } from '@nestjs/common';
import { STANDARD_FIELDS, statusCode } from '../algorithms/publicatiestandaard';
import type { FieldGroup, StandardRecord } from '../algorithms/publicatiestandaard';
import type { AssessmentSummary } from '../publications/assessment-summary';
import { DomainError } from '../common/errors/domain-error';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';
import { checkPublicId } from './public-id';
import { richText, safeHref } from '../common/rich-text';
import { formatDate, formatMonth } from '../common/views/formats';
import type { ThemeRef } from '../organisations/theme-ref';
import { ThemeService } from '../organisations/theme.service';
import { entryHref } from './register.page';
import { RegisterService } from './register.service';
import type { RegisterEntry } from './register.service';

/**
 * `/register/:publicId/:slug` and `/register/:publicId/v/:number`: one entry as published, its
 * current version or an earlier one, with the assessment's summary, conditions and history.
 */
@Injectable()
export class EntryPage {
  constructor(
    private readonly register: RegisterService,
    private readonly themes: ThemeService,
  ) {}

  /** The current version, or the version numbered `number` (as written in the URL). */
  async build({ lang }: RequestContext, publicId: string, number?: string) {
    if (number !== undefined && !/^\d{1,6}$/.test(number))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchVersion');
    const entry = await this.register.entry(
      checkPublicId(publicId),
      number === undefined ? undefined : Number(number),
    );
    return entryModel(
      lang,
      entry,
      number !== undefined,
      await this.themes.ref(entry.item.organisation.id),
    );
  }
}

const GROUPS: FieldGroup[] = ['general', 'responsible_use', 'operation', 'metadata'];

/** The record's fields by group, as the entry page shows them (and the publish preview). */
export function recordGroups(lang: Language, record: StandardRecord) {
  return GROUPS.map((group) => {
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
        } else if (f.kind === 'month') html = escapeText(formatMonth(lang, value));
        else if (Array.isArray(value)) html = escapeText(value.join(', '));
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
}

/** The assessment's public summary as the entry page shows it (and the publish preview). */
export function summaryModel(lang: Language, summary: AssessmentSummary) {
  return {
    decisionKey: `register.outcome.${summary.decision}`,
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
    energy: summary.energy,
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
  const groups = recordGroups(lang, record);
  const summary = entry.summary ? summaryModel(lang, entry.summary) : null;

  return {
    title: String(record.name ?? item.name),
    theme,
    item,
    organisationHref: localisedPath(lang, `/organisaties/${item.organisation.slug}`),
    statusKey: `register.status.${statusCode(String(record.status)) ?? 'unknown'}`,
    imported: item.origin === 'import',
    // The entry's life is the current version's: an earlier one shows what was public then.
    reassessmentDue:
      entry.lifecycle === 'reassessment_due' && entry.publicationNumber === item.versions,
    groups,
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

function escapeText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

const escapeAttr = escapeText;
