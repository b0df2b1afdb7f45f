import { isAnswered } from '../checklists/engine';
import type { Question } from '../checklists/template.types';
import { formatDate, formatNumber } from '../common/views/formats';
import type { Language } from '../i18n/i18n';
import { translate } from '../i18n/i18n';

/**
 * An answer as a reviewer reads it: text, or a list for a multiple choice, or a state that says
 * why there is none. `empty` marks the two states, so the page can set them apart from answers.
 */
export interface AnswerView {
  text: string;
  items: string[] | null;
  empty: boolean;
}

/** An answer as people read it: yes/no, the option's label, a date or number as they write it. */
export function answerView(
  q: Question | undefined,
  value: unknown,
  lang: Language,
  applies = true,
): AnswerView {
  const t = (key: string) => translate(lang, key);
  if (!isAnswered(value))
    return {
      text: t(applies ? 'work.unanswered' : 'work.notApplicable'),
      items: null,
      empty: true,
    };
  const label = (v: unknown) => q?.options?.find((o) => o.value === v)?.label[lang] ?? String(v);
  if (Array.isArray(value))
    return { text: value.map(label).join(', '), items: value.map(label), empty: false };
  return { text: scalar(q, value, lang, label), items: null, empty: false };
}

function scalar(
  q: Question | undefined,
  value: unknown,
  lang: Language,
  label: (v: unknown) => string,
): string {
  if (typeof value === 'boolean') return translate(lang, value ? 'work.yes' : 'work.no');
  if (q?.type === 'single_choice') return label(value);
  if (typeof value === 'number')
    return `${formatNumber(lang, value)}${q?.unit ? ` ${q.unit[lang]}` : ''}`;
  if (q?.type === 'date') return formatDate(lang, value);
  return String(value);
}
