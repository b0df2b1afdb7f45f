import type { Question } from '../checklists/template.types';
import { answerView } from './answer-view';

const question = (over: Partial<Question>): Question => ({
  id: 'q',
  type: 'text',
  required: false,
  text: { nl: 'Vraag', en: 'Question' },
  urns: [],
  ...over,
});

describe('answerView', () => {
  const choices = question({
    type: 'multiple_choice',
    options: [
      { value: 'bsn', label: { nl: 'BSN', en: 'Citizen service number' } },
      { value: 'address', label: { nl: 'Adres', en: 'Address' } },
    ],
  });

  it('reads several choices as a list of their labels', () => {
    expect(answerView(choices, ['bsn', 'address'], 'nl')).toEqual({
      text: 'BSN, Adres',
      items: ['BSN', 'Adres'],
      empty: false,
    });
    expect(answerView(choices, ['address'], 'en').items).toEqual(['Address']);
  });

  it('says whether a missing answer is not given or not asked', () => {
    expect(answerView(choices, [], 'nl')).toEqual({
      text: 'Niet beantwoord',
      items: null,
      empty: true,
    });
    expect(answerView(question({}), '  ', 'nl', false)).toMatchObject({
      text: 'Niet van toepassing',
      empty: true,
    });
    expect(answerView(question({}), undefined, 'en', false).text).toBe('Not applicable');
  });

  it('writes yes and no, a date, a number with its unit and a choice as people read them', () => {
    expect(answerView(question({ type: 'yes_no' }), false, 'nl').text).toBe('Nee');
    expect(answerView(question({ type: 'date' }), '2026-11-30', 'nl').text).toBe(
      '30 november 2026',
    );
    const kwh = question({ type: 'number', unit: { nl: 'kWh', en: 'kWh' } });
    expect(answerView(kwh, 12500.5, 'nl').text).toBe('12.500,5 kWh');
    const single = question({
      type: 'single_choice',
      options: [{ value: 'human_always', label: { nl: 'Altijd een mens', en: 'Always a human' } }],
    });
    expect(answerView(single, 'human_always', 'en').text).toBe('Always a human');
    expect(answerView(question({}), 'Regel een\nregel twee', 'nl')).toEqual({
      text: 'Regel een\nregel twee',
      items: null,
      empty: false,
    });
  });
});
