import { parseDutchNumber } from '../common/dutch-number';
import type { FieldProblem } from '../common/validation';
import { allQuestions, applicableQuestions, isAnswered } from './engine';
import type { Answers, ChecklistTemplateContent, Question } from './template.types';

/** What an HTML form posts for one question: a string, or several for checkboxes. */
export type PostedValue = string | string[] | undefined;

export interface FormAnswers {
  /** Typed answers that differ from the current ones; null removes an answer. */
  changes: Answers;
  /** Values that could not be read as their question's type, by question id. */
  problems: FieldProblem[];
}

/**
 * Turns the fields of a checklist form into typed answers, driven by the question types of the
 * template: yes/no "true"/"false" become booleans, numbers are read as Dutch users write them
 * (parseDutchNumber: "120.000", "1,5"; what could be read two ways is refused), checkboxes become a list, and an empty field means "no answer" (null). Only the
 * questions listed in `questionIds` (the section on the form) are looked at; one of them that is
 * left empty removes its answer.
 *
 * A question that does not apply given the posted answers is left out rather than refused: the
 * user may have seen it before changing the answer it depends on. Whether a value is acceptable
 * (an option of the question, a real date, a length) is for the engine's answerProblem to say,
 * when the service saves; this only reads the form.
 */
export function answersFromForm(
  template: ChecklistTemplateContent,
  questionIds: readonly string[],
  posted: Record<string, PostedValue>,
  current: Answers,
): FormAnswers {
  const wanted = new Set(questionIds);
  const questions = allQuestions(template).filter((q) => wanted.has(q.id));
  const read = new Map<string, unknown>();
  const problems: FieldProblem[] = [];
  for (const q of questions) {
    const result = readValue(q, posted[q.id]);
    if ('problem' in result) problems.push({ field: q.id, key: result.problem });
    else read.set(q.id, result.value);
  }

  const merged: Answers = { ...current };
  for (const [id, value] of read) {
    if (value === null) delete merged[id];
    else merged[id] = value;
  }
  const applicable = applicableQuestions(template, merged);

  const changes: Answers = {};
  for (const [id, value] of read) {
    if (!applicable.has(id)) continue;
    const before = isAnswered(current[id]) ? current[id] : null;
    if (JSON.stringify(before) !== JSON.stringify(value)) changes[id] = value;
  }
  return {
    changes,
    problems: problems.filter((p) => applicable.has(p.field)),
  };
}

type Read = { value: unknown } | { problem: string };

function readValue(q: Question, raw: PostedValue): Read {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map((v) => (typeof v === 'string' ? v : ''))
    .filter((v) => v.trim() !== '');
  if (q.type === 'multiple_choice') return { value: values.length ? values : null };
  if (values.length === 0) return { value: null };
  const value = q.type === 'text' ? values[0] : values[0].trim();
  switch (q.type) {
    case 'yes_no':
      if (value === 'true') return { value: true };
      if (value === 'false') return { value: false };
      return { problem: 'checklist.answer.yesNo' };
    case 'number': {
      const read = parseDutchNumber(value);
      return 'value' in read ? read : { problem: `checklist.answer.${read.problem}` };
    }
    default:
      return { value };
  }
}

/** An answer as a form shows it again: the string (or strings) an input would post. */
export function formValueOf(value: unknown): string | string[] {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String);
  // Written back as the reader above reads it: 1.5 as "1,5", which posted again stays 1.5.
  if (typeof value === 'number')
    return value.toLocaleString('nl-NL', { useGrouping: false, maximumFractionDigits: 20 });
  return String(value);
}
