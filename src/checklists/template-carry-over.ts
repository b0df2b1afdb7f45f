import { canonicalJson } from '../audit/audit-hash';
import { allQuestions } from './engine';
import type { Answers, ChecklistTemplateContent, Question } from './template.types';

/** What a new revision under another template version starts with. */
export interface CarryOver {
  /** The answers to questions that are unchanged: everything else starts unanswered. */
  answers: Answers;
  /** The questions of the new version that are new or changed, in template order. */
  open: string[];
}

/**
 * What an answer means: the question's type, its text, its options (values and labels, in order),
 * the condition under which it applies and the limits an answer must keep (length, range, whole
 * numbers, unit).
 * A question is unchanged when the new version has a question with the same id and the same of
 * all these. Its help text, whether it is required, the Algoritmekader URNs it serves, the register
 * field it fills and the section it stands in may differ: an answer given before still answers it.
 */
function meaning(q: Question): string {
  return canonicalJson({
    type: q.type,
    text: q.text,
    options: q.options ?? null,
    when: q.when ?? null,
    maxLength: q.maxLength ?? null,
    min: q.min ?? null,
    max: q.max ?? null,
    integer: q.integer ?? null,
    unit: q.unit ?? null,
  });
}

export function questionChanged(before: Question, after: Question): boolean {
  return meaning(before) !== meaning(after);
}

/**
 * The answers a re-assessment under `next` keeps from the answers given under `previous`, and the
 * questions it leaves open for the proposer: new ones, and changed ones, whose earlier answer is
 * not carried over. Answers to questions `next` no longer has are dropped. Under the same version
 * everything carries over and nothing is open.
 */
export function carryOver(
  previous: ChecklistTemplateContent,
  next: ChecklistTemplateContent,
  answers: Answers,
): CarryOver {
  const before = new Map(allQuestions(previous).map((q) => [q.id, q]));
  const kept: Answers = {};
  const open: string[] = [];
  for (const question of allQuestions(next)) {
    const old = before.get(question.id);
    if (!old || questionChanged(old, question)) open.push(question.id);
    else if (question.id in answers) kept[question.id] = answers[question.id];
  }
  return { answers: kept, open };
}
