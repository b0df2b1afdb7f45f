import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureTemplate } from '../../test/support/checklist-fixture';
import { parseTemplate } from '../checklists/template-loader';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import { PROJECT_ROOT } from '../common/project-root';
import { LEGAL_FACTS, legalFacts, LegalFacts } from './legal-facts';
import { legalFloors } from './legal-floors';

/** Facts as a clean application has them: an AI system that touches no one, decided by a human. */
const clean = (over: Partial<LegalFacts> = {}): LegalFacts => ({
  ai_system: true,
  prohibited_practice: false,
  high_risk: false,
  decides_about_people: false,
  personal_data: false,
  human_final_decision: true,
  special_categories: null,
  profiling: null,
  fria_done: null,
  dpia_done: null,
  protected_grounds: null,
  proxies: null,
  vulnerable_groups: null,
  large_scale: null,
  ...over,
});

const floors = (over: Partial<LegalFacts>) => legalFloors(clean(over));

describe('legal floors', () => {
  it('holds none for a clean application', () => {
    expect(legalFloors(clean())).toEqual([]);
  });

  it('never lets a prohibited AI practice through (AI Act art. 5)', () => {
    expect(floors({ prohibited_practice: true })).toEqual([
      { floor: 'prohibited_practice', established: true, unknown: [] },
    ]);
    expect(floors({ prohibited_practice: null })).toEqual([
      { floor: 'prohibited_practice', established: false, unknown: ['prohibited_practice'] },
    ]);
    expect(floors({ ai_system: false, prohibited_practice: null })).toEqual([]);
  });

  it.each([
    ['decides about people', { decides_about_people: true }],
    ['touches personal data', { personal_data: true, special_categories: false, profiling: false }],
  ])('asks a human decision when the application %s', (_label, over) => {
    expect(floors({ ...over, human_final_decision: false })).toEqual([
      { floor: 'human_decision', established: true, unknown: [] },
    ]);
    expect(floors({ ...over, human_final_decision: true })).toEqual([]);
  });

  it('does not ask a human decision of an application that touches neither people nor their data', () => {
    expect(floors({ human_final_decision: false })).toEqual([]);
    expect(floors({ human_final_decision: false, decides_about_people: null })).toEqual([
      { floor: 'human_decision', established: false, unknown: ['decides_about_people'] },
    ]);
  });

  it('asks a fundamental rights assessment of a high-risk AI system (AI Act art. 27)', () => {
    expect(floors({ high_risk: true, fria_done: false })).toEqual([
      { floor: 'fria', established: true, unknown: [] },
    ]);
    expect(floors({ high_risk: true })).toEqual([
      { floor: 'fria', established: false, unknown: ['fria_done'] },
    ]);
    expect(floors({ high_risk: true, fria_done: true })).toEqual([]);
    expect(floors({ ai_system: false, high_risk: null })).toEqual([]);
  });

  it.each([
    ['special categories', { special_categories: true, profiling: false }],
    ['profiling', { special_categories: false, profiling: true }],
  ])('asks a DPIA for %s (GDPR art. 35)', (_label, over) => {
    const personal = { personal_data: true, ...over };
    expect(floors({ ...personal, dpia_done: false })).toEqual([
      { floor: 'dpia', established: true, unknown: [] },
    ]);
    expect(floors({ ...personal, dpia_done: true })).toEqual([]);
  });

  it('counts open facts against approval: personal data with nothing else answered', () => {
    expect(floors({ personal_data: true })).toEqual([
      {
        floor: 'dpia',
        established: false,
        unknown: ['special_categories', 'profiling', 'dpia_done'],
      },
    ]);
  });

  it('treats every fact as not established when nothing is answered', () => {
    const none = Object.fromEntries(LEGAL_FACTS.map((f) => [f, null])) as LegalFacts;
    expect(legalFloors(none).map((b) => [b.floor, b.established])).toEqual([
      ['prohibited_practice', false],
      ['human_decision', false],
      ['fria', false],
      ['dpia', false],
    ]);
  });
});

describe('legal facts', () => {
  const template = fixtureTemplate(1);

  it('reads a yes/no as it is, a choice by its options, and an open or inapplicable question as null', () => {
    const facts = legalFacts({
      template,
      answers: {
        'basis.personal': false,
        'basis.special': true,
        'basis.human': 'no_human',
        'law.prohibited': false,
      },
    });
    expect(facts).toMatchObject({
      personal_data: false,
      // The question does not apply once personal data is "no": its stale answer says nothing.
      special_categories: null,
      human_final_decision: false,
      prohibited_practice: false,
      high_risk: null,
    });
  });

  it('takes the stricter of the checklist and the decision tree, and either where the other is silent', () => {
    const facts = legalFacts({
      template,
      answers: { 'law.prohibited': false, 'law.high_risk': false, 'law.ai_system': true },
      classification: { high_risk: true, prohibited_practice: false, ai_system: false },
    });
    expect(facts).toMatchObject({ high_risk: true, prohibited_practice: false, ai_system: true });
    expect(
      legalFacts({ template, answers: {}, classification: { high_risk: false } }).high_risk,
    ).toBe(false);
  });

  it('takes an impact assessment record over the checklist answer', () => {
    const answers = { 'law.high_risk': true, 'law.fria': true };
    expect(legalFacts({ template, answers }).fria_done).toBe(true);
    expect(legalFacts({ template, answers, instruments: { fria_done: false } }).fria_done).toBe(
      false,
    );
    expect(legalFacts({ template, answers, instruments: { fria_done: null } }).fria_done).toBe(
      true,
    );
  });
});

describe('the template loader and the facts', () => {
  const load = (t: ChecklistTemplateContent) => parseTemplate(JSON.stringify(t), 'test.json');
  const questionOf = (t: ChecklistTemplateContent, id: string) =>
    t.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;

  it('lists in its JSON Schema exactly the facts the floors read', () => {
    const schema = JSON.parse(
      readFileSync(join(PROJECT_ROOT, 'seeds/checklists/checklist-template.schema.json'), 'utf8'),
    ) as { definitions: { question: { properties: { fact: { enum: string[] } } } } };
    expect(schema.definitions.question.properties.fact.enum).toEqual([...LEGAL_FACTS]);
  });

  it('refuses a template that establishes no question for a fact, naming it', () => {
    const t = fixtureTemplate(1);
    delete questionOf(t, 'basis.profiling').fact;
    expect(() => load(t)).toThrow('/sections: no question establishes the legal fact "profiling"');
  });

  it('refuses a fact on two questions, on a text question, and a choice option without its tag', () => {
    const twice = fixtureTemplate(1);
    questionOf(twice, 'basis.people').fact = 'personal_data';
    expect(() => load(twice)).toThrow(/"personal_data" is already established by "basis.people"/);

    const text = fixtureTemplate(1);
    questionOf(text, 'basis.goal').fact = 'profiling';
    delete questionOf(text, 'basis.profiling').fact;
    expect(() => load(text)).toThrow(/only a yes\/no or choice question can establish/);

    const untagged = fixtureTemplate(1);
    delete questionOf(untagged, 'basis.human').options![1].fact;
    expect(() => load(untagged)).toThrow(/options\/1: must say with "fact": true or false/);
  });
});
