import { impactClass, stricterCategory, stricterClass } from './impact-class';
import { LEGAL_FACTS } from './legal-facts';
import type { LegalFact, LegalFacts } from './legal-facts';

/** Every fact false unless named: an application that touches no one. */
const facts = (...held: LegalFact[]): LegalFacts =>
  Object.fromEntries(LEGAL_FACTS.map((f) => [f, held.includes(f)])) as LegalFacts;

describe('impactClass', () => {
  it.each<[string, LegalFact[], string, string, number]>([
    ['a traffic model without personal data', ['ai_system'], 'minimal', 'C', 1],
    [
      'a generative chatbot that decides nothing',
      ['ai_system', 'personal_data'],
      'minimal',
      'C',
      1,
    ],
    [
      'a rule set, no AI, that scores residents for fraud',
      ['decides_about_people', 'personal_data', 'profiling'],
      'impactful',
      'B',
      2,
    ],
    ['a profile without a decision', ['personal_data', 'profiling'], 'impactful', 'B', 2],
    [
      'a decision about people on a protected ground',
      ['decides_about_people', 'protected_grounds'],
      'impactful',
      'B',
      3,
    ],
    ['a risk score with a proxy', ['profiling', 'proxies'], 'impactful', 'B', 3],
    [
      'a decision about people in a vulnerable position',
      ['decides_about_people', 'vulnerable_groups'],
      'impactful',
      'B',
      3,
    ],
    ['a decision about many people', ['decides_about_people', 'large_scale'], 'impactful', 'B', 3],
    [
      'a high-risk benefits model',
      ['ai_system', 'high_risk', 'decides_about_people', 'profiling', 'vulnerable_groups'],
      'high',
      'A',
      3,
    ],
    ['a prohibited practice', ['ai_system', 'prohibited_practice'], 'prohibited', 'A', 3],
  ])('classes %s', (_label, held, riskClass, publicationCategory, requiredApprovals) => {
    expect(impactClass(facts(...held))).toMatchObject({
      riskClass,
      publicationCategory,
      requiredApprovals,
    });
  });

  it('asks nothing of a protected ground, a proxy or a scale without people decided about or scored', () => {
    expect(
      impactClass(facts('protected_grounds', 'proxies', 'vulnerable_groups', 'large_scale')),
    ).toEqual({
      riskClass: 'minimal',
      publicationCategory: 'C',
      requiredApprovals: 1,
      reasons: [],
    });
  });

  it('reads high risk and a prohibited practice only of an AI system, as the AI Act does', () => {
    expect(impactClass(facts('high_risk', 'prohibited_practice')).riskClass).toBe('minimal');
  });

  it('names every rule in force with the facts that put it there', () => {
    expect(
      impactClass(facts('ai_system', 'high_risk', 'decides_about_people', 'protected_grounds'))
        .reasons,
    ).toEqual([
      { rule: 'high_risk_ai', facts: ['ai_system', 'high_risk'] },
      { rule: 'protected_ground_decision', facts: ['decides_about_people', 'protected_grounds'] },
      { rule: 'about_people', facts: ['decides_about_people'] },
    ]);
  });

  it('puts no rule in force on a fact that is not established', () => {
    const open = { ...facts('decides_about_people'), protected_grounds: null };
    expect(impactClass(open)).toMatchObject({ requiredApprovals: 2 });
    expect(impactClass({ ...facts(), decides_about_people: null }).reasons).toEqual([]);
  });

  it('orders the classes and categories strictest first', () => {
    expect(stricterClass('limited', 'impactful')).toBe('impactful');
    expect(stricterClass('high', 'impactful')).toBe('high');
    expect(stricterClass('minimal', 'limited')).toBe('limited');
    expect(stricterCategory('C', 'B')).toBe('B');
    expect(stricterCategory('A', 'B')).toBe('A');
  });
});
