import { fixtureTemplate } from '../../test/support/checklist-fixture';
import type { ChecklistTemplateContent } from './template.types';
import { answersFromForm, formValueOf } from './form-answers';

const t = (s: string) => ({ nl: s, en: s });
const urns = ['urn:nl:ak:ver:aia-00'];

/** The fixture plus a number and a multiple-choice question, to cover every conversion. */
function template(): ChecklistTemplateContent {
  const base = fixtureTemplate(1);
  base.sections.push({
    id: 'extra',
    title: t('Extra'),
    questions: [
      { id: 'extra.uses', type: 'number', required: false, text: t('Gebruik'), urns, min: 0 },
      {
        id: 'extra.kinds',
        type: 'multiple_choice',
        required: false,
        text: t('Soorten'),
        urns,
        options: [
          { value: 'a', label: t('A') },
          { value: 'b', label: t('B') },
        ],
      },
    ],
  });
  return base;
}

const BASIS = [
  'basis.goal',
  'basis.personal',
  'basis.dpia',
  'basis.human',
  'basis.start',
  'basis.notes',
];
const EXTRA = ['extra.uses', 'extra.kinds'];

describe('answersFromForm', () => {
  it('reads yes/no as a boolean, a choice as its value and text as it was typed', () => {
    const { changes, problems } = answersFromForm(
      template(),
      BASIS,
      { 'basis.goal': ' Sneller ', 'basis.personal': 'false', 'basis.human': 'human_always' },
      {},
    );
    expect(problems).toEqual([]);
    expect(changes).toEqual({
      'basis.goal': ' Sneller ',
      'basis.personal': false,
      'basis.human': 'human_always',
    });
  });

  it('reads numbers, with a decimal comma too, and several checkboxes as a list', () => {
    expect(
      answersFromForm(template(), EXTRA, { 'extra.uses': '1,5', 'extra.kinds': ['a', 'b'] }, {})
        .changes,
    ).toEqual({ 'extra.uses': 1.5, 'extra.kinds': ['a', 'b'] });
    expect(
      answersFromForm(template(), EXTRA, { 'extra.uses': '12 000', 'extra.kinds': 'b' }, {})
        .changes,
    ).toEqual({
      'extra.uses': 12000,
      'extra.kinds': ['b'],
    });
  });

  it('reports text in a number field as a problem of that field, not as an answer', () => {
    const { changes, problems } = answersFromForm(template(), EXTRA, { 'extra.uses': 'abc' }, {});
    expect(problems).toEqual([{ field: 'extra.uses', key: 'checklist.answer.number' }]);
    expect(changes).not.toHaveProperty('extra.uses');
  });

  it('reads thousands with points as Dutch users write them, and refuses what could be read two ways', () => {
    const read = (value: string) => answersFromForm(template(), EXTRA, { 'extra.uses': value }, {});
    expect(read('120.000').changes).toEqual({ 'extra.uses': 120000 });
    expect(read('1.234,5').changes).toEqual({ 'extra.uses': 1234.5 });
    for (const value of ['1.5', '1,000']) {
      const { changes, problems } = read(value);
      expect(problems).toEqual([{ field: 'extra.uses', key: 'checklist.answer.ambiguous' }]);
      expect(changes).toEqual({});
    }
  });

  it('writes a number back as it reads it again', () => {
    for (const n of [1.5, 120000, 0.0001, 1234.5678]) {
      const shown = formValueOf(n) as string;
      expect(answersFromForm(template(), EXTRA, { 'extra.uses': shown }, {}).changes).toEqual({
        'extra.uses': n,
      });
    }
  });

  it('reports a yes/no value other than true or false', () => {
    const { problems } = answersFromForm(template(), BASIS, { 'basis.personal': 'maybe' }, {});
    expect(problems).toEqual([{ field: 'basis.personal', key: 'checklist.answer.yesNo' }]);
  });

  it('turns an emptied field into null, which removes the answer, and leaves unchanged answers out', () => {
    const current = { 'basis.goal': 'Oud doel', 'basis.personal': false, 'extra.kinds': ['a'] };
    expect(
      answersFromForm(template(), BASIS, { 'basis.goal': '  ', 'basis.personal': 'false' }, current)
        .changes,
    ).toEqual({
      'basis.goal': null,
    });
    expect(answersFromForm(template(), EXTRA, {}, current).changes).toEqual({
      'extra.kinds': null,
    });
  });

  it('drops an answer to a follow-up question that no longer applies after its parent changed', () => {
    const current = { 'basis.personal': true, 'basis.dpia': 'https://example.org/dpia' };
    const { changes, problems } = answersFromForm(
      template(),
      BASIS,
      { 'basis.personal': 'false', 'basis.dpia': 'https://example.org/dpia-2' },
      current,
    );
    expect(changes).toEqual({ 'basis.personal': false });
    expect(problems).toEqual([]);
  });

  it('keeps a follow-up answer when its parent is answered in the same post', () => {
    const { changes } = answersFromForm(
      template(),
      BASIS,
      { 'basis.personal': 'true', 'basis.dpia': 'https://example.org/dpia' },
      {},
    );
    expect(changes).toEqual({ 'basis.personal': true, 'basis.dpia': 'https://example.org/dpia' });
  });

  it('ignores fields of questions that are not on the form', () => {
    expect(
      answersFromForm(template(), EXTRA, { 'basis.goal': 'x', 'nope.q': 'y' }, {}).changes,
    ).toEqual({});
  });
});

describe('formValueOf', () => {
  it('shows stored answers as the strings a form posts', () => {
    expect(formValueOf(true)).toBe('true');
    expect(formValueOf(1.5)).toBe('1,5');
    expect(formValueOf(['a'])).toEqual(['a']);
    expect(formValueOf(undefined)).toBe('');
  });
});
