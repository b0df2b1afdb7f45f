import type { ChecklistTemplateContent, Question } from './template.types';
import { carryOver, questionChanged } from './template-carry-over';

const t = (nl: string, en = nl) => ({ nl, en });
const urns = ['urn:nl:ak:ver:aia-00'];

function template(questions: Question[]): ChecklistTemplateContent {
  return {
    key: 'kader',
    version: 1,
    title: t('Kader'),
    description: t('Voor tests'),
    sections: [{ id: 'basis', title: t('Basis'), questions }],
    rules: {
      blocking: [],
      riskClass: [{ value: 'minimal' }],
      publicationCategory: [{ value: 'C' }],
      requiredApprovals: [{ value: 1 }],
      reassessmentMonths: [{ value: 24 }],
    },
  };
}

const personal: Question = {
  id: 'basis.personal',
  type: 'yes_no',
  required: true,
  text: t('Persoonsgegevens?'),
  urns,
};
const hosting: Question = {
  id: 'basis.hosting',
  type: 'single_choice',
  required: true,
  text: t('Waar draait het?'),
  urns,
  options: [
    { value: 'own', label: t('Eigen servers') },
    { value: 'cloud', label: t('Publieke cloud') },
  ],
};
const goal: Question = {
  id: 'basis.goal',
  type: 'text',
  required: true,
  text: t('Doel'),
  maxLength: 200,
  urns,
};
const dpia: Question = {
  id: 'basis.dpia',
  type: 'url',
  required: true,
  text: t('DPIA-link'),
  urns,
  when: { q: 'basis.personal', eq: true },
};

const answers = {
  'basis.personal': true,
  'basis.hosting': 'cloud',
  'basis.goal': 'Sneller routeren.',
  'basis.dpia': 'https://example.org/dpia',
};
const v1 = template([personal, hosting, goal, dpia]);

describe('carrying answers over to another template version', () => {
  it('keeps every answer and leaves nothing open under the same version', () => {
    expect(carryOver(v1, v1, answers)).toEqual({ answers, open: [] });
  });

  it('leaves a new question open and keeps the answers to the unchanged ones', () => {
    const added: Question = { ...personal, id: 'basis.profiling', text: t('Profilering?') };
    const result = carryOver(v1, template([personal, added, hosting, goal, dpia]), answers);
    expect(result).toEqual({ answers, open: ['basis.profiling'] });
  });

  it('opens a question whose text, options, condition or limits changed, dropping its answer', () => {
    const next = template([
      { ...personal, text: t('Verwerkt het persoonsgegevens?') },
      {
        ...hosting,
        options: [hosting.options![0], { value: 'cloud', label: t('Cloud buiten de EU') }],
      },
      { ...goal, maxLength: 100 },
      { ...dpia, when: { q: 'basis.hosting', eq: 'cloud' } },
    ]);
    expect(carryOver(v1, next, answers)).toEqual({
      answers: {},
      open: ['basis.personal', 'basis.hosting', 'basis.goal', 'basis.dpia'],
    });
  });

  it('keeps an answer when only the help text, the requirement, the URNs or the register field changed', () => {
    const next = template([
      { ...personal, help: t('Ook gepseudonimiseerde gegevens.'), required: false },
      { ...hosting, urns: ['urn:nl:ak:ver:aia-01'] },
      { ...goal, register: 'purpose_and_impact' },
      dpia,
    ]);
    expect(carryOver(v1, next, answers)).toEqual({ answers, open: [] });
  });

  it('drops the answer to a question the new version no longer has', () => {
    expect(carryOver(v1, template([personal, goal]), answers)).toEqual({
      answers: { 'basis.personal': true, 'basis.goal': 'Sneller routeren.' },
      open: [],
    });
  });

  it('sees the same question in another section as unchanged, and the same id with another type as changed', () => {
    const moved: ChecklistTemplateContent = {
      ...v1,
      sections: [
        { id: 'basis', title: t('Basis'), questions: [personal, hosting, goal] },
        { id: 'privacy', title: t('Privacy'), questions: [dpia] },
      ],
    };
    expect(carryOver(v1, moved, answers).open).toEqual([]);
    expect(questionChanged(goal, { ...goal, type: 'url' })).toBe(true);
    expect(questionChanged(goal, { ...goal, text: t('Doel', 'Aim') })).toBe(true);
  });

  it('leaves an unanswered unchanged question unanswered, not open', () => {
    const { 'basis.goal': _goal, ...partial } = answers;
    expect(carryOver(v1, v1, partial)).toEqual({ answers: partial, open: [] });
  });
});
