import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import { isRealDate } from '../common/dates';
import { impactClass, stricterCategory, stricterClass } from '../law/impact-class';
import type { ImpactReason } from '../law/impact-class';
import type { LegalFacts } from '../law/legal-facts';
import type { LocalisedText } from '../publications/assessment-summary';
import type {
  Answers,
  ChecklistTemplateContent,
  Condition,
  DisparityEstimate,
  EnergyEstimate,
  FirstMatch,
  Question,
} from './template.types';

/**
 * The checklist engine: which questions apply, what is missing, and what the template's rules
 * derive from the answers. Pure functions of a template and a set of answers; the order of
 * evaluation is documented in docs/checklists.md.
 */

/**
 * The risk classes, strictest first: the AI Act's groups, with "impactful" (the national register's
 * category B: an algorithm with significant consequences for people, AI or not) between high risk
 * and the AI Act's transparency duty. The class is the stricter of what the law sets at the least
 * (src/law/impact-class.ts) and what the template's first matching rule gives.
 */
export const RISK_CLASSES = ['prohibited', 'high', 'impactful', 'limited', 'minimal'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export interface SectionProgress {
  id: string;
  answered: number;
  required: number;
  applicable: number;
}

export interface BlockingResult {
  id: string;
  section: string;
  reason: LocalisedText;
}

export interface EnergyResult {
  kwhPerYear: number;
  co2eKgPerYear: number;
}

/**
 * A bias test's outcome: the lower rate divided by the higher (1 is no disparity), the lowest
 * ratio the organisation accepts, and whether a mitigation is recorded. `beyond` and no
 * mitigation blocks approval (the workflow's guard `bias_mitigated`).
 */
export interface DisparityResult {
  ratio: number;
  threshold: number;
  beyond: boolean;
  mitigated: boolean;
}

/**
 * Why the class, category and quorum are what they are: the rules of law in force with the facts
 * that put them there, and the explanations of the template's entries that matched.
 */
export interface ClassBasis {
  law: ImpactReason[];
  template: {
    riskClass?: LocalisedText;
    publicationCategory?: LocalisedText;
    requiredApprovals?: LocalisedText;
  };
}

export interface ChecklistEvaluation {
  applicable: string[];
  missingRequired: string[];
  blocking: BlockingResult[];
  riskClass: RiskClass;
  publicationCategory: PublicationCategory;
  requiredApprovals: number;
  classBasis: ClassBasis;
  reassessmentMonths: number;
  energy: EnergyResult | null;
  /** Null while the template has no bias test record or its rates and threshold are not all answered. */
  disparity: DisparityResult | null;
  progress: { answered: number; required: number; applicable: number; sections: SectionProgress[] };
}

interface Context {
  answers: Answers;
  applicable: Set<string>;
  riskClass?: RiskClass;
  energy: EnergyResult | null;
}

export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function compare(
  value: unknown,
  c: { gt?: number; gte?: number; lt?: number; lte?: number },
): boolean {
  if (typeof value !== 'number') return false;
  if (c.gt !== undefined) return value > c.gt;
  if (c.gte !== undefined) return value >= c.gte;
  if (c.lt !== undefined) return value < c.lt;
  if (c.lte !== undefined) return value <= c.lte;
  return false;
}

export function holds(c: Condition, ctx: Context): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, ctx));
  if ('any' in c) return c.any.some((x) => holds(x, ctx));
  if ('not' in c) return !holds(c.not, ctx);
  if ('riskClass' in c) {
    const wanted = Array.isArray(c.riskClass) ? c.riskClass : [c.riskClass];
    return ctx.riskClass !== undefined && wanted.includes(ctx.riskClass);
  }
  if ('estimate' in c) {
    if (!ctx.energy) return false;
    return compare(
      c.estimate === 'energy.kwhPerYear' ? ctx.energy.kwhPerYear : ctx.energy.co2eKgPerYear,
      c,
    );
  }
  // A question that does not apply counts as unanswered.
  const value = ctx.applicable.has(c.q) ? ctx.answers[c.q] : undefined;
  const answered = isAnswered(value);
  if ('answered' in c) return c.answered === answered;
  if ('eq' in c) return answered && value === c.eq;
  if ('ne' in c) return !answered || value !== c.ne;
  if ('in' in c) return answered && c.in.includes(value as string);
  if ('includes' in c) return Array.isArray(value) && value.includes(c.includes);
  if ('includesAny' in c)
    return Array.isArray(value) && c.includesAny.some((v) => value.includes(v));
  return compare(value, c);
}

function firstMatch<T>(list: FirstMatch<T>[], ctx: Context): FirstMatch<T> {
  return list.find((entry) => !entry.when || holds(entry.when, ctx)) ?? list[list.length - 1];
}

export function allQuestions(template: ChecklistTemplateContent): Question[] {
  return template.sections.flatMap((s) => s.questions);
}

/**
 * The keys among `ids` that name none of the questions, in their order. Compared with the
 * questions' ids as a set, never looked up on an object, so `constructor` or `toString` is as
 * unknown as any other name.
 */
export function unknownQuestionIds(
  questions: readonly Question[],
  ids: Iterable<string>,
): string[] {
  const known = new Set(questions.map((q) => q.id));
  return [...ids].filter((id) => !known.has(id));
}

/** Questions apply in template order: a condition only looks at questions before it. */
export function applicableQuestions(
  template: ChecklistTemplateContent,
  answers: Answers,
): Set<string> {
  const applicable = new Set<string>();
  const ctx: Context = { answers, applicable, energy: null };
  for (const q of allQuestions(template)) {
    if (!q.when || holds(q.when, ctx)) applicable.add(q.id);
  }
  return applicable;
}

function factor(
  table: { question: string; values: Record<string, number> } | undefined,
  ctx: Context,
  dflt: number,
): number | null {
  if (!table) return dflt;
  const answer = ctx.applicable.has(table.question) ? ctx.answers[table.question] : undefined;
  if (typeof answer !== 'string' || !Object.hasOwn(table.values, answer)) return null;
  return table.values[answer];
}

export function estimateEnergy(
  estimate: EnergyEstimate | undefined,
  ctx: Context,
): EnergyResult | null {
  if (!estimate) return null;
  const uses = ctx.applicable.has(estimate.usesPerYear.question)
    ? ctx.answers[estimate.usesPerYear.question]
    : undefined;
  const perUse = factor(estimate.perUseKwh, ctx, 0);
  const fixed = factor(estimate.fixedKwhPerYear, ctx, 0);
  const overhead = factor(estimate.overhead, ctx, 1);
  const co2 = factor(estimate.co2eKgPerKwh, ctx, 0);
  if (
    typeof uses !== 'number' ||
    perUse === null ||
    fixed === null ||
    overhead === null ||
    co2 === null
  )
    return null;
  const kwhPerYear = round((perUse * uses + fixed) * overhead);
  return { kwhPerYear, co2eKgPerYear: round(kwhPerYear * co2) };
}

/** What a bias test's rates say against the threshold; null until both rates and the threshold are answered. */
export function estimateDisparity(
  estimate: DisparityEstimate | undefined,
  ctx: Context,
): DisparityResult | null {
  if (!estimate) return null;
  const answer = (id: string) => (ctx.applicable.has(id) ? ctx.answers[id] : undefined);
  const [a, b] = estimate.rates.map(answer);
  const threshold = answer(estimate.threshold);
  if (typeof a !== 'number' || typeof b !== 'number' || typeof threshold !== 'number') return null;
  const high = Math.max(a, b);
  // Two rates of nought differ in nothing; one of nought against another is the widest gap.
  const ratio = high === 0 ? 1 : Math.min(a, b) / high;
  return {
    ratio: Math.round(ratio * 1000) / 1000,
    threshold,
    beyond: ratio < threshold,
    mitigated: isAnswered(answer(estimate.mitigation)),
  };
}

/** Three significant digits: an order-of-magnitude estimate should not look precise. */
function round(n: number): number {
  return n === 0 ? 0 : Number(n.toPrecision(3));
}

/**
 * `facts` are the application's legal facts (src/law/legal-facts.ts), from every source the
 * caller has: they set the class, category and quorum at the least, and the template's rules may
 * only make them stricter. The template's own rules that ask for the risk class see the class
 * that results.
 */
export function evaluateChecklist(
  template: ChecklistTemplateContent,
  answers: Answers,
  facts: LegalFacts,
): ChecklistEvaluation {
  const applicable = applicableQuestions(template, answers);
  const ctx: Context = { answers, applicable, energy: null };
  ctx.energy = estimateEnergy(template.estimates?.energy, ctx);
  const byLaw = impactClass(facts);
  const ownClass = firstMatch(template.rules.riskClass, ctx);
  ctx.riskClass = stricterClass(ownClass.value, byLaw.riskClass);
  const ownCategory = firstMatch(template.rules.publicationCategory, ctx);
  const ownApprovals = firstMatch(template.rules.requiredApprovals, ctx);

  const sections = template.sections.map((s) => {
    const inSection = s.questions.filter((q) => applicable.has(q.id));
    return {
      id: s.id,
      applicable: inSection.length,
      required: inSection.filter((q) => q.required).length,
      answered: inSection.filter((q) => isAnswered(answers[q.id])).length,
    };
  });
  const sum = (k: keyof Omit<SectionProgress, 'id'>) => sections.reduce((n, s) => n + s[k], 0);

  return {
    applicable: [...applicable],
    missingRequired: allQuestions(template)
      .filter((q) => q.required && applicable.has(q.id) && !isAnswered(answers[q.id]))
      .map((q) => q.id),
    blocking: template.rules.blocking
      .filter((rule) => holds(rule.when, ctx))
      .map((rule) => ({ id: rule.id, section: rule.section, reason: rule.reason })),
    riskClass: ctx.riskClass,
    publicationCategory: stricterCategory(ownCategory.value, byLaw.publicationCategory),
    requiredApprovals: Math.max(ownApprovals.value, byLaw.requiredApprovals),
    classBasis: {
      law: byLaw.reasons,
      template: {
        riskClass: ownClass.explanation,
        publicationCategory: ownCategory.explanation,
        requiredApprovals: ownApprovals.explanation,
      },
    },
    reassessmentMonths: firstMatch(template.rules.reassessmentMonths, ctx).value,
    energy: ctx.energy,
    disparity: estimateDisparity(template.estimates?.disparity, ctx),
    progress: {
      answered: sum('answered'),
      required: sum('required'),
      applicable: sum('applicable'),
      sections,
    },
  };
}

/** What is wrong with one answer to one question, as a message key with parameters; null if fine. */
export interface AnswerProblem {
  key: string;
  params?: Record<string, unknown>;
}

export function answerProblem(question: Question, value: unknown): AnswerProblem | null {
  switch (question.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : { key: 'checklist.answer.yesNo' };
    case 'single_choice': {
      const options = (question.options ?? []).map((o) => o.value);
      return typeof value === 'string' && options.includes(value)
        ? null
        : // The options' values are codes; the form shows the options by their labels.
          { key: 'checklist.answer.option' };
    }
    case 'multiple_choice': {
      const options = (question.options ?? []).map((o) => o.value);
      const ok =
        Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && options.includes(v)) &&
        new Set(value).size === value.length;
      if (!ok) return { key: 'checklist.answer.options' };
      // "None" with a ground beside it says two opposite things: refused, never resolved silently.
      const alone = question.options!.find((o) => o.exclusive && value.includes(o.value));
      return alone && value.length > 1 ? { key: 'checklist.answer.exclusive' } : null;
    }
    case 'text':
      if (typeof value !== 'string') return { key: 'checklist.answer.text' };
      return [...value].length > (question.maxLength ?? Infinity)
        ? { key: 'checklist.answer.tooLong', params: { max: question.maxLength } }
        : null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { key: 'checklist.answer.number' };
      if (question.integer && !Number.isInteger(value)) return { key: 'checklist.answer.integer' };
      if (question.min !== undefined && value < question.min)
        return { key: 'checklist.answer.min', params: { min: question.min } };
      if (question.max !== undefined && value > question.max)
        return { key: 'checklist.answer.max', params: { max: question.max } };
      return null;
    case 'date':
      return typeof value === 'string' && isRealDate(value)
        ? null
        : { key: 'checklist.answer.date' };
    case 'url':
      return typeof value === 'string' && isHttpUrl(value) && value.length <= 500
        ? null
        : { key: 'checklist.answer.url' };
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
