import { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import { joinedAnswers, registerFieldFills, registerFieldSources } from './register-fields.service';

const template = {
  key: 'kader',
  version: 1,
  title: { nl: 'Kader', en: 'Framework' },
  sections: [
    {
      id: 'purpose',
      title: { nl: 'Doel', en: 'Purpose' },
      questions: [
        {
          id: 'purpose.problem',
          type: 'text',
          text: { nl: 'Probleem', en: 'Problem' },
          register: 'purpose_and_impact',
        },
        {
          id: 'purpose.goal',
          type: 'text',
          text: { nl: 'Doel', en: 'Goal' },
          register: 'purpose_and_impact',
        },
      ],
    },
  ],
} as unknown as ChecklistTemplateContent;

const algorithm = (purposeAndImpact: string | null) =>
  Object.assign(new Algorithm(), { purposeAndImpact });

describe('register fields from the answers', () => {
  it('joins several answers into one text, a paragraph each, never cutting one halfway', () => {
    expect(joinedAnswers(['Een.', 'Twee.'])).toBe('Een.\n\nTwee.');
    expect(joinedAnswers(['Een zin.', 'Een tweede zin die niet past.'], 20)).toBe('Een zin.');
    expect(joinedAnswers(['Een heel lang antwoord'], 12)).toBe('Een heel…');
  });

  it('follows the answers while the field holds what they made, and leaves the proposer’s own text', () => {
    const first = { 'purpose.problem': 'Wachttijden.' };
    const both = { ...first, 'purpose.goal': 'Sneller helpen.' };
    expect(registerFieldFills(algorithm(null), template, first)).toEqual({
      purposeAndImpact: 'Wachttijden.',
    });
    expect(registerFieldFills(algorithm('Wachttijden.'), template, both, first)).toEqual({
      purposeAndImpact: 'Wachttijden.\n\nSneller helpen.',
    });
    expect(registerFieldFills(algorithm('Mijn eigen tekst.'), template, both, first)).toEqual({});
  });

  it('names the questions of a field whose text is the answers’ own, not of one the proposer wrote', () => {
    const both = { 'purpose.problem': 'Wachttijden.', 'purpose.goal': 'Sneller helpen.' };
    expect(
      registerFieldSources(algorithm('Wachttijden.\n\nSneller helpen.'), template, both),
    ).toEqual([
      {
        field: 'purpose_and_impact',
        questions: [
          { nl: 'Probleem', en: 'Problem' },
          { nl: 'Doel', en: 'Goal' },
        ],
      },
    ]);
    expect(registerFieldSources(algorithm('Mijn eigen tekst.'), template, both)).toEqual([]);
  });
});
