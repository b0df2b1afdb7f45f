import type { AuthUser } from '../../accounts/auth/auth-user';
import { hasRole } from '../../accounts/auth/auth-user';
import { Role } from '../../accounts/role';
import { allQuestions } from '../../checklists/engine';
import { isDissent } from '../../reviews/entities/review.entity';
import { factQuestions } from '../../law/legal-facts';
import { localisedPath } from '../../common/http/language';
import type { UserContext } from '../../common/request-context';
import type { Language } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import { energyBasis } from '../../register/entry.page';
import type { AssessmentsService } from '../assessments.service';
import { isOverdue } from '../conditions/condition-state';
import { aiActModel, instrumentsModel, requirementsModel } from './profile-model';

/** One assessment as the pages read it (AssessmentsService.detail). */
export type AssessmentDetail = Awaited<ReturnType<AssessmentsService['detail']>>;

/** The secretary's decisions, in the order the decision page offers them. */
export const DECISIONS = [
  'approve',
  'approve_with_conditions',
  'request_changes',
  'reject',
] as const;

/** A field's value as a form posted it: one string, or the first of several. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
/** A field's values as a form posted them: none, one or several. */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];

export function hasAdmin(d: AssessmentDetail, user: AuthUser): boolean {
  return hasRole(user, Role.Admin, d.algorithm.organisationId);
}

/**
 * What every page about one assessment shows at the top, and the way between its pages. The
 * pages read it from the services the API uses (AssessmentsService.detail and the workflow
 * table's availableActions): they show what the table and the checklist engine say, and decide
 * nothing themselves. `current` is the page's key in the navigation (`section:<id>` for a section).
 */
export function assessmentFrame(d: AssessmentDetail, { user, lang }: UserContext, current: string) {
  const a = d.assessment;
  const path = (p = '') => localisedPath(lang, `/assessments/${a.id}${p}`);
  const t = (key: string) => translate(lang, key);
  const sections = d.template.sections.map((s) => {
    const p = d.evaluation.progress.sections.find((x) => x.id === s.id)!;
    const answeredRequired = s.questions.filter(
      (q) =>
        q.required &&
        d.evaluation.applicable.includes(q.id) &&
        !d.evaluation.missingRequired.includes(q.id),
    ).length;
    return {
      id: s.id,
      title: s.title[lang],
      href: path(`/sections/${s.id}`),
      answered: p.answered,
      required: p.required,
      applicable: p.applicable,
      answeredRequired,
      complete: answeredRequired === p.required,
      current: current === `section:${s.id}`,
    };
  });
  const isSecretary = d.actorIs.secretary;
  const nav = [
    { key: 'overview', href: path(), label: t('work.nav.overview') },
    ...(d.canEdit ? [{ key: 'ai-act', href: path('/ai-act'), label: t('work.nav.aiAct') }] : []),
    { key: 'instruments', href: path('/instruments'), label: t('work.nav.instruments') },
    ...(d.canEdit
      ? [{ key: 'register', href: path('/register'), label: t('work.nav.register') }]
      : []),
    ...(d.canEdit
      ? [{ key: 'summary', href: path('/summary'), label: t('work.nav.summary') }]
      : []),
    { key: 'review', href: path('/review'), label: t('work.nav.answers') },
    ...(isSecretary && d.availableActions.includes('assign')
      ? [{ key: 'reviewers', href: path('/reviewers'), label: t('work.nav.reviewers') }]
      : []),
    ...(isSecretary && DECISIONS.some((x) => d.availableActions.includes(x))
      ? [{ key: 'decision', href: path('/decision'), label: t('work.nav.decision') }]
      : []),
    ...(isSecretary || hasAdmin(d, user)
      ? [{ key: 'audit', href: path('/audit'), label: t('work.nav.audit') }]
      : []),
  ].map((n) => ({ ...n, current: n.key === current }));
  return {
    id: a.id,
    version: a.version,
    state: a.state,
    stateLabel: t(`work.state.${a.state}`),
    revision: a.revision,
    algorithm: { name: d.algorithm.name, publicId: d.algorithm.publicId },
    registerHref: a.publishedAt ? localisedPath(lang, `/register/${d.algorithm.publicId}`) : null,
    templateTitle: d.template.title[lang],
    canEdit: d.canEdit,
    actorIs: d.actorIs,
    nav,
    sections,
    progress: d.evaluation.progress,
    rules: rulesModel(d, lang),
    aiAct: aiActModel(d, lang),
    requirements: requirementsModel(d, lang),
    instruments: instrumentsModel(d, lang),
    overviewHref: path(),
    reloadHref: path(current === 'overview' ? '' : `/${current.replace('section:', 'sections/')}`),
  };
}

/** The rules' results, with every missing answer and blocking rule linked to its question or section. */
function rulesModel(d: AssessmentDetail, lang: Language) {
  const t = (key: string) => translate(lang, key);
  const questions = new Map(allQuestions(d.template).map((q) => [q.id, q]));
  const sectionOf = new Map(d.template.sections.flatMap((s) => s.questions.map((q) => [q.id, s])));
  const sectionById = new Map(d.template.sections.map((s) => [s.id, s]));
  const link = (section: string, question?: string) =>
    localisedPath(lang, `/assessments/${d.assessment.id}/sections/${section}`) +
    (question ? `#field-${question}` : '');
  const e = d.evaluation;
  return {
    riskClass: t(`register.risk.${e.riskClass}`),
    publicationCategory: t(`register.category.${e.publicationCategory}`),
    requiredApprovals: e.requiredApprovals,
    // Why: the rules of law in force, each with the questions whose answers put it there, then
    // what the template's own matching entries say.
    classBasis: [
      ...e.classBasis.law.map((reason) => ({
        text: t(`law.impact.${reason.rule}.text`),
        source: t(`law.impact.${reason.rule}.source`),
        questions: reason.facts.flatMap((fact) => {
          const q = factQuestions(d.template).get(fact);
          const section = q && sectionOf.get(q.id);
          return q && section ? [{ text: q.text[lang], href: link(section.id, q.id) }] : [];
        }),
      })),
      ...[
        e.classBasis.template.riskClass,
        e.classBasis.template.publicationCategory,
        e.classBasis.template.requiredApprovals,
      ]
        .filter((x) => x !== undefined)
        .map((x) => ({ text: x[lang], source: t('law.impact.template'), questions: [] })),
    ],
    reassessmentMonths: e.reassessmentMonths,
    energy: e.energy,
    energyBasis:
      e.energy && d.template.estimates?.energy
        ? energyBasis(
            lang,
            d.template.estimates.energy.assumptions,
            d.template.estimates.energy.sources ?? [],
          )
        : null,
    disparity: e.disparity && {
      ratio: Math.round(e.disparity.ratio * 100),
      threshold: Math.round(e.disparity.threshold * 100),
      beyond: e.disparity.beyond,
      mitigated: e.disparity.mitigated,
    },
    blocking: e.blocking.map((b) => ({
      id: b.id,
      reason: b.reason[lang],
      section: sectionById.get(b.section)?.title[lang] ?? b.section,
      href: link(b.section),
    })),
    floors: d.floors.map((b) => ({
      id: b.floor,
      title: t(`law.floor.${b.floor}.title`),
      source: t(`law.floor.${b.floor}.source`),
      text: t(`law.floor.${b.floor}.${b.established ? 'breached' : 'notEstablished'}`),
      questions: b.unknown.flatMap((fact) => {
        const q = factQuestions(d.template).get(fact);
        const section = q && sectionOf.get(q.id);
        return q && section ? [{ text: q.text[lang], href: link(section.id, q.id) }] : [];
      }),
    })),
    missing: e.missingRequired.map((id) => ({
      id,
      text: questions.get(id)?.text[lang] ?? id,
      section: sectionOf.get(id)?.title[lang] ?? '',
      href: link(sectionOf.get(id)?.id ?? '', id),
    })),
  };
}

/** The reviews of every revision, newest revision first, as the review lists show them. */
export function reviewRows(d: AssessmentDetail, lang: Language) {
  const sections = new Map(d.template.sections.map((s) => [s.id, s.title[lang]]));
  return d.reviews.map((r) => ({
    id: r.id,
    revision: r.revision,
    reviewer: r.reviewer.name,
    decision: r.decision ? translate(lang, `work.decision.${r.decision}`) : null,
    dissent: isDissent(r.decision),
    reasoning: r.reasoning,
    signedAt: r.signedAt,
    current: r.revision === d.assessment.revision,
    assignmentReason: r.assignmentReason,
    remarks: Object.entries(r.sectionRemarks ?? {}).map(([s, text]) => ({
      section: sections.get(s) ?? s,
      text,
    })),
    proposedConditions: r.proposedConditions ?? [],
  }));
}

/** Empty condition rows a form offers (a review, a decision); blank ones are dropped when it is read. */
const CONDITION_ROWS = 3;

export function conditionInputRows(lang: Language) {
  return Array.from({ length: CONDITION_ROWS }, (_, i) => ({
    n: i + 1,
    fields: ['description', 'owner', 'dueDate'].map((f) => ({
      name: `conditions[${i}][${f}]`,
      field: `conditions.${i}.${f}`,
      label: translate(lang, `work.review.condition.${f}`),
      isDate: f === 'dueDate',
      isDescription: f === 'description',
    })),
  }));
}

/**
 * The conditions of the approvals, each with where it stands and a link to its page, where its
 * owner reports fulfilment and its verifier accepts or returns the report.
 */
export function conditionRows(d: AssessmentDetail) {
  return d.conditions.map((c) => ({
    id: c.id,
    description: c.description,
    owner: c.owner,
    dueDate: c.dueDate,
    stateKey: `work.conditions.states.${c.state}`,
    verified: c.state === 'verified',
    overdue: isOverdue(c),
  }));
}
