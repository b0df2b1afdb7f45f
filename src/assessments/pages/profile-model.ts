import { algoritmekaderCatalogue } from '../../classification/algoritmekader';
import { richText, safeHref } from '../../common/rich-text';
import { localisedPath } from '../../common/http/language';
import type { Language } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import type { AiActClassification } from '../ai-act-reader';
import { requirementCoverage } from '../requirements-coverage';
import type { AssessmentDetail } from './assessment-frame';

/*
 * What the assessment pages show of its classification, its requirements and its impact
 * assessments, each fed to one partial.
 */

/**
 * What the pages show of the AI Act classification (views/partials/ai-act-result.hbs): where the
 * walk stands, and once it reached a conclusion, the conclusion, role, risk group, labels and the
 * obligations in short, each text through the allow-list sanitizer.
 */
export function aiActModel(d: AssessmentDetail, lang: Language) {
  const c: AiActClassification | null = d.classification;
  const t = (key: string) => translate(lang, key);
  const href = localisedPath(lang, `/assessments/${d.assessment.id}/ai-act`);
  if (!c) return { started: false, concluded: false, href, canEdit: d.canEdit };
  const { result, profile, tree } = c;
  const conclusion =
    result.conclusionId === null
      ? undefined
      : tree.compiled.content.conclusions.find((x) => x.conclusionId === result.conclusionId);
  return {
    started: true,
    concluded: conclusion !== undefined,
    href,
    canEdit: d.canEdit,
    tree: `${tree.name} ${tree.version}`,
    answered: c.path.length,
    conclusionId: result.conclusionId,
    conclusionHtml: richText(conclusion?.conclusion),
    obligationHtml: richText(conclusion?.obligation),
    labels: result.labels,
    types: (profile?.types ?? []).map((x) => t(`classification.profile.type.${x}`)),
    roles: (profile?.roles ?? []).map((x) => t(`classification.profile.role.${x}`)),
    riskGroup: profile ? t(`classification.profile.risk.${profile.riskGroup}`) : null,
  };
}

/**
 * The Algoritmekader requirements for the profile the tree concluded (requirementCoverage), each
 * with its title, its measures and the checklist questions that address it, open or answered.
 * views/partials/requirements-summary.hbs shows it.
 */
export function requirementsModel(d: AssessmentDetail, lang: Language) {
  const coverage = requirementCoverage(
    d.classification,
    d.template,
    d.answers,
    d.evaluation.publicationCategory,
  );
  if (!coverage) return { known: false, items: [] };
  const catalogue = algoritmekaderCatalogue();
  const titles = new Map(
    [...catalogue.vereisten, ...catalogue.maatregelen].map((e) => [e.id, e.title]),
  );
  const sectionOf = new Map(d.template.sections.flatMap((s) => s.questions.map((q) => [q.id, s])));
  const items = coverage.items.map((r) => ({
    id: r.id,
    title: titles.get(r.id) ?? r.id,
    measures: r.measures.map((m) => ({ id: m, title: titles.get(m) ?? m })),
    questions: r.questions.map(({ question, applicable, answered }) => ({
      id: question.id,
      text: question.text[lang],
      href:
        localisedPath(
          lang,
          `/assessments/${d.assessment.id}/sections/${sectionOf.get(question.id)?.id}`,
        ) + `#field-${question.id}`,
      answered,
      state: translate(
        lang,
        `classification.requirements.${answered ? 'answered' : applicable ? 'open' : 'notApplicable'}`,
      ),
    })),
    addressed: r.addressed,
  }));
  return {
    known: true,
    basis: translate(lang, `classification.requirements.basis.${coverage.basis}`),
    count: items.length,
    addressed: items.filter((i) => i.addressed).length,
    items,
  };
}

/**
 * The impact assessments (views/partials/instruments-summary.hbs): each kind, whether it is
 * required and why, its status, date, outcome, and where to read it.
 */
export function instrumentsModel(d: AssessmentDetail, lang: Language) {
  const t = (key: string) => translate(lang, key);
  return d.instruments.map((i) => ({
    kind: i.kind,
    title: t(`instruments.kind.${i.kind}`),
    required: i.required,
    reasons: i.reasons.map((r) => t(`instruments.reason.${r}`)),
    status: t(`instruments.status.${i.status}`),
    done: i.status === 'done',
    blocking: i.required && i.status !== 'done',
    date: i.record?.date ?? null,
    outcome: i.record?.outcome ?? null,
    link: safeHref(i.record?.link),
    document: i.record?.documentFile
      ? {
          href: localisedPath(
            lang,
            `/assessments/${d.assessment.id}/instruments/${i.kind}/document`,
          ),
          name: i.record.documentName,
          bytes: i.record.documentBytes,
        }
      : null,
  }));
}
