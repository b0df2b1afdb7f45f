import { applicableQuestions, allQuestions, isAnswered } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent, Question } from '../checklists/template.types';

/**
 * The facts the law asks about, whatever template an organisation uses. A template maps each to
 * the question that establishes it (`fact` on the question, and on each option of a choice
 * question); the loader refuses a template that leaves one out. The legal floors
 * (legal-floors.ts) and the risk class the law sets at the least (impact-class.ts) read these
 * facts, never a template's question or rule ids.
 */
export const LEGAL_FACTS = [
  /** The application is an AI system as the AI Act defines it. */
  'ai_system',
  /** It falls under a prohibited AI practice (AI Act art. 5). */
  'prohibited_practice',
  /** It is a high-risk AI system (AI Act art. 6 and Annex III). */
  'high_risk',
  /** It takes or prepares decisions about people. */
  'decides_about_people',
  /** It processes personal data. */
  'personal_data',
  /** A human takes the final decision in every case. */
  'human_final_decision',
  /** It processes special categories of personal data or criminal-record data (AVG art. 9 and 10). */
  'special_categories',
  /** It profiles people (AVG art. 4 sub 4). */
  'profiling',
  /** A fundamental rights impact assessment (IAMA/FRIA) was carried out. */
  'fria_done',
  /** A data protection impact assessment (DPIA) was carried out. */
  'dpia_done',
  /**
   * It uses a ground of Article 1 of the Constitution or the Equal Treatment Act (religion, belief,
   * political opinion, race, sex, nationality, sexual orientation, civil status, age, disability or
   * chronic illness, or another ground) as an input or to select people.
   */
  'protected_grounds',
  /** It uses data that can stand in for such a ground (postcode, name, language, ...). */
  'proxies',
  /** The people it concerns include people in a vulnerable position. */
  'vulnerable_groups',
  /** It concerns many people: a large part of the residents or of a group. */
  'large_scale',
] as const;
export type LegalFact = (typeof LEGAL_FACTS)[number];

/** Each fact as established: true, false, or null when nothing establishes it (yet). */
export type LegalFacts = Record<LegalFact, boolean | null>;

/**
 * What the facts are established from: the checklist answers under their template, the AI Act
 * decision tree's conclusion, and the impact assessment records, so that the floors keep one input.
 */
export interface LegalFactSources {
  template: ChecklistTemplateContent;
  answers: Answers;
  /**
   * What the decision tree's labels establish (ai_system, high_risk, prohibited_practice). Where
   * it and the checklist disagree the stricter holds: either saying "yes" makes it yes, since a
   * floor cleared by one source's "no" while the other says "yes" would let a self-declared answer
   * overrule the tree (or the other way round).
   */
  classification?: Partial<LegalFacts>;
  /**
   * What the impact assessment records establish (fria_done, dpia_done): a record, when there is
   * one, wins over the checklist's answer, since it is the evidence and the answer only a claim.
   */
  instruments?: Partial<LegalFacts>;
}

/** The stricter of two readings of a fact: yes over no, and either over "not established". */
const stricter = (a: boolean | null, b: boolean | null | undefined): boolean | null =>
  a === true || b === true ? true : a === false || b === false ? false : null;

/** The question of a template that establishes each fact. */
export function factQuestions(template: ChecklistTemplateContent): Map<LegalFact, Question> {
  const found = new Map<LegalFact, Question>();
  for (const q of allQuestions(template)) if (q.fact) found.set(q.fact, q);
  return found;
}

/**
 * The legal facts of an application. A fact whose question does not apply, or is not answered,
 * is null: not established, which the floors count against approval, so that a conditional
 * question cannot hide a floor.
 */
export function legalFacts({
  template,
  answers,
  classification = {},
  instruments = {},
}: LegalFactSources): LegalFacts {
  const applicable = applicableQuestions(template, answers);
  const questions = factQuestions(template);
  const facts = {} as LegalFacts;
  for (const fact of LEGAL_FACTS) {
    const q = questions.get(fact);
    const answered = q && applicable.has(q.id) ? factOf(q, answers[q.id]) : null;
    const recorded = instruments[fact];
    facts[fact] =
      recorded !== undefined && recorded !== null
        ? recorded
        : stricter(answered, classification[fact]);
  }
  return facts;
}

/** What one answer says about its question's fact: a yes/no as it is, a choice by its options' tags. */
function factOf(q: Question, value: unknown): boolean | null {
  if (!isAnswered(value)) return null;
  if (q.type === 'yes_no') return typeof value === 'boolean' ? value : null;
  const tagOf = (v: unknown) => q.options?.find((o) => o.value === v)?.fact;
  const chosen = (Array.isArray(value) ? value : [value]).map(tagOf);
  if (chosen.some((tag) => tag === undefined)) return null;
  return chosen.some((tag) => tag === true);
}
