import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { evaluateChecklist } from '../../src/checklists/engine';
import { isKnownUrn } from '../../src/classification/algoritmekader';
import { loadTemplateFile } from '../../src/checklists/template-loader';
import type { Answers, ChecklistTemplateContent, Question } from '../../src/checklists/template.types';
import { LEGAL_FACTS, legalFacts } from '../../src/law/legal-facts';
import { legalFloors } from '../../src/law/legal-floors';
import { DEMO_APPLICATION } from '../demo-data';

const template: ChecklistTemplateContent = loadTemplateFile(join(__dirname, 'groningen-rotterdam.v3.json'));
const questions: Question[] = template.sections.flatMap((s) => s.questions);
const CATALOGUE = '/work/shared/data/algoritmekader-catalogue.json';

const SECTIONS = ['purpose', 'human_control', 'privacy', 'energy', 'discrimination', 'transparency', 'participation', 'law'];
const REGISTER_FIELDS = [
  'purpose_and_impact',
  'considerations',
  'human_intervention',
  'risk_management',
  'legal_basis',
  'impact_assessments',
  'data',
  'technical_operation',
];

/**
 * A minimal, harmless and complete application: a non-deciding model that touches no personal data.
 * The demo's application is this one, so the demo shows an application that passes every rule.
 */
function clean(overrides: Answers = {}): Answers {
  return { ...DEMO_APPLICATION.answers, ...overrides };
}

/** A bias test that compared error rates per neighbourhood and found them close: 4.8 against 5 is 0.96. */
const BIAS_TEST: Answers = {
  'discrimination.bias_groups': 'Meldingen uit de wijk met de meeste fouten tegenover alle andere wijken.',
  'discrimination.bias_metric': 'error_rate',
  'discrimination.bias_rate_reference': 5,
  'discrimination.bias_rate_compared': 4.8,
  'discrimination.bias_threshold': 0.8,
  'discrimination.bias_dataset': '2.000 meldingen uit 2025, over alle wijken verdeeld.',
  'discrimination.bias_date': '2026-03-02',
};

/** A high-risk application with a completed fundamental rights assessment. */
const HIGH_RISK: Answers = {
  'law.high_risk_use': true,
  'law.fria_done': true,
  'law.fria_link': 'https://intranet.example/iama.pdf',
  'law.fria_conclusions': 'Risico op ongelijke toegang tot voorzieningen; beperkt door menselijke beoordeling.',
  'law.eu_database': true,
};

const evaluate = (answers: Answers) => evaluateChecklist(template, answers, legalFacts({ template, answers }));
const blockingIds = (answers: Answers) => evaluate(answers).blocking.map((b) => b.id);
const applies = (id: string, answers: Answers) => evaluate(answers).applicable.includes(id);

describe('groningen-rotterdam v3: structure', () => {
  it('has the eight sections in order', () => {
    expect(template.key).toBe('groningen-rotterdam');
    expect(template.version).toBe(3);
    expect(template.sections.map((s) => s.id)).toEqual(SECTIONS);
  });

  it('has between 45 and 80 questions, each prefixed with its section id', () => {
    // v3 records the bias test field by field and asks about the people affected: 74 questions.
    expect(questions.length).toBeGreaterThanOrEqual(45);
    expect(questions.length).toBeLessThanOrEqual(80);
    for (const section of template.sections) {
      for (const q of section.questions) expect(q.id.startsWith(`${section.id}.`)).toBe(true);
    }
  });

  it('gives every question at least one URN and help text', () => {
    for (const q of questions) {
      expect(q.urns.length).toBeGreaterThanOrEqual(1);
      expect(q.help?.nl).toBeTruthy();
      expect(q.help?.en).toBeTruthy();
    }
  });

  it('fills every register field from at least one text question', () => {
    const fields = new Set(questions.filter((q) => q.type === 'text' && q.register).map((q) => q.register));
    expect([...fields].sort()).toEqual([...REGISTER_FIELDS].sort());
  });

  it('limits text answers: 2000 for register fields (4000 for technical operation), 1000-2000 otherwise', () => {
    for (const q of questions.filter((x) => x.type === 'text')) {
      if (q.register === 'technical_operation') expect(q.maxLength).toBe(4000);
      else if (q.register) expect(q.maxLength).toBe(2000);
      else {
        expect(q.maxLength).toBeGreaterThanOrEqual(1000);
        expect(q.maxLength).toBeLessThanOrEqual(2000);
      }
    }
  });

  it('cites 75 different URNs, each known to the catalogue the loader checks them against', () => {
    const cited = new Set([...questions.flatMap((q) => q.urns), ...template.rules.blocking.flatMap((r) => r.urns ?? [])]);
    expect(cited.size).toBe(75);
    expect([...cited].filter((urn) => !isKnownUrn(urn))).toEqual([]);
  });

  const catalogueExists = existsSync(CATALOGUE);
  (catalogueExists ? it : it.skip)(
    catalogueExists
      ? 'cites only URNs that exist in the Algoritmekader catalogue'
      : `cites only URNs that exist in the Algoritmekader catalogue (skipped: ${CATALOGUE} not found)`,
    () => {
      const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { vereisten: { id: string }[]; maatregelen: { id: string }[] };
      const known = new Set([...catalogue.vereisten, ...catalogue.maatregelen].map((e) => e.id));
      const cited = [...questions.flatMap((q) => q.urns), ...template.rules.blocking.flatMap((r) => r.urns ?? [])];
      expect(cited.filter((urn) => !known.has(urn))).toEqual([]);
    },
  );
});

describe('groningen-rotterdam v3: a clean application', () => {
  const result = evaluate(clean());

  it('answers every required question that applies, and only questions that apply', () => {
    expect(result.missingRequired).toEqual([]);
    expect(Object.keys(clean()).filter((id) => !result.applicable.includes(id))).toEqual([]);
  });

  it('has no blocking rules and the lightest consequences', () => {
    expect(result.blocking).toEqual([]);
    expect(result.riskClass).toBe('minimal');
    expect(result.publicationCategory).toBe('C');
    expect(result.requiredApprovals).toBe(1);
    expect(result.reassessmentMonths).toBe(36);
  });

  it('is still minimal risk when it is not an AI system, and the AI Act questions then do not apply', () => {
    const r = evaluate(clean({ 'law.is_ai_system': false }));
    expect(r.riskClass).toBe('minimal');
    expect(r.applicable).not.toContain('law.high_risk_use');
    expect(r.missingRequired).toEqual([]);
  });
});

describe('groningen-rotterdam v3: blocking rules', () => {
  it('blocks a prohibited AI practice', () => {
    const r = evaluate(clean({ 'law.prohibited_practice': true }));
    const rule = r.blocking.find((b) => b.id === 'prohibited-practice');
    expect(rule?.section).toBe('law');
    expect(rule?.reason.en).toMatch(/prohibited/i);
    expect(rule?.reason.nl).toMatch(/verboden/i);
  });

  it.each([
    ['decides about people without any human', { 'human_control.decisions_about_people': true, 'human_control.final_decision': 'no_human' }],
    ['decides about people with only sample checks', { 'human_control.decisions_about_people': true, 'human_control.final_decision': 'human_samples' }],
    ['processes personal data without any human', { 'privacy.personal_data': true, 'human_control.final_decision': 'no_human' }],
  ])('blocks an application that %s', (_label, overrides) => {
    const rule = evaluate(clean(overrides)).blocking.find((b) => b.id === 'no-human-decision');
    expect(rule?.section).toBe('human_control');
    expect(rule?.reason.en).toMatch(/human/i);
  });

  it('allows an application without a human decision when it touches neither people nor personal data', () => {
    expect(blockingIds(clean({ 'human_control.final_decision': 'no_human' }))).not.toContain('no-human-decision');
  });

  it('blocks a high-risk application without a fundamental rights assessment, and not once it is done', () => {
    const r = evaluate(clean({ 'law.high_risk_use': true, 'law.fria_done': false }));
    const rule = r.blocking.find((b) => b.id === 'fria-missing');
    expect(rule?.section).toBe('law');
    expect(rule?.reason.en).toMatch(/fundamental rights/i);
    expect(blockingIds(clean(HIGH_RISK))).toEqual([]);
  });

  it('blocks special-category personal data without a DPIA', () => {
    const privacy = { 'privacy.personal_data': true, 'privacy.special_categories': ['health'], 'privacy.dpia_done': false };
    const rule = evaluate(clean(privacy)).blocking.find((b) => b.id === 'special-data-without-dpia');
    expect(rule?.section).toBe('privacy');
    expect(rule?.reason.en).toMatch(/DPIA/);
    expect(blockingIds(clean({ ...privacy, 'privacy.special_categories': ['none'] }))).not.toContain('special-data-without-dpia');
  });

  it('records a disparity beyond the threshold, unmitigated until a measure is described', () => {
    const found = { 'discrimination.bias_rate_compared': 3 };
    expect(evaluate(clean(found)).disparity).toEqual({ ratio: 0.6, threshold: 0.8, beyond: true, mitigated: false });
    expect(evaluate(clean({ ...found, 'discrimination.mitigation': 'Drempel per wijk gelijkgetrokken.' })).disparity).toMatchObject({
      beyond: true,
      mitigated: true,
    });
    expect(evaluate(clean()).disparity).toEqual({ ratio: 0.96, threshold: 0.8, beyond: false, mitigated: false });
    expect(evaluate(clean({ 'discrimination.bias_test_done': false, 'discrimination.no_test_reason': 'Nog niet.' })).disparity).toBeNull();
  });

  it('blocks a decision about people on a protected ground or a proxy without a bias test', () => {
    const untested = { 'human_control.decisions_about_people': true, 'discrimination.bias_test_done': false, 'discrimination.no_test_reason': 'Geen tijd.' };
    for (const grounds of [{ 'discrimination.protected_grounds': ['nationality'] }, { 'discrimination.proxies': ['postcode'] }]) {
      const rule = evaluate(clean({ ...untested, ...grounds })).blocking.find((b) => b.id === 'grounds-without-bias-test');
      expect(rule?.section).toBe('discrimination');
    }
    expect(blockingIds(clean(untested))).not.toContain('grounds-without-bias-test');
  });

  it('blocks decisions about people without an objection route, but not applications that decide nothing', () => {
    const rule = evaluate(
      clean({ 'human_control.decisions_about_people': true, 'transparency.objection_route': false }),
    ).blocking.find((b) => b.id === 'no-objection-route');
    expect(rule?.section).toBe('transparency');
    expect(rule?.reason.en).toMatch(/objection/i);
    expect(blockingIds(clean({ 'transparency.objection_route': false }))).not.toContain('no-objection-route');
  });
});

describe('groningen-rotterdam v3: derived consequences', () => {
  it.each([
    ['prohibited for a prohibited practice', { 'law.prohibited_practice': true }, 'prohibited'],
    ['high for an Annex III use case', HIGH_RISK, 'high'],
    ['limited when a transparency duty applies', { 'law.transparency_duty': true }, 'limited'],
    ['limited when the AI system interacts with residents', { 'law.interacts_with_residents': true }, 'limited'],
    ['impactful, by law, when it decides about people, AI or not', { 'human_control.decisions_about_people': true, 'law.is_ai_system': false }, 'impactful'],
    ['impactful, by law, over limited when a chatbot also decides about people', { 'human_control.decisions_about_people': true, 'law.interacts_with_residents': true }, 'impactful'],
    ['minimal by default', {}, 'minimal'],
  ])('risk class is %s', (_label, overrides, expected) => {
    expect(evaluate(clean(overrides)).riskClass).toBe(expected);
  });

  it.each([
    ['A for high risk', HIGH_RISK, 'A'],
    ['A for a prohibited practice', { 'law.prohibited_practice': true }, 'A'],
    ['B for personal data', { 'privacy.personal_data': true }, 'B'],
    ['B for decisions about people', { 'human_control.decisions_about_people': true }, 'B'],
    ['B for limited risk', { 'law.interacts_with_residents': true }, 'B'],
    ['C by default', {}, 'C'],
  ])('publication category is %s', (_label, overrides, expected) => {
    expect(evaluate(clean(overrides)).publicationCategory).toBe(expected);
  });

  it.each([
    ['3 for high risk', HIGH_RISK, 3],
    ['3 for a prohibited practice', { 'law.prohibited_practice': true }, 3],
    ['2 for limited risk', { 'law.transparency_duty': true }, 2],
    ['2 for a decision about people', { 'human_control.decisions_about_people': true }, 2],
    [
      '3 for a decision about people on a protected ground',
      { 'human_control.decisions_about_people': true, 'discrimination.protected_grounds': ['nationality'], 'discrimination.grounds_justification': 'Wet.' },
      3,
    ],
    ['3 for a decision about people in a vulnerable position', { 'human_control.decisions_about_people': true, 'discrimination.vulnerable_groups': true }, 3],
    ['1 by default', {}, 1],
  ])('required approvals are %s', (_label, overrides, expected) => {
    expect(evaluate(clean(overrides)).requiredApprovals).toBe(expected);
  });

  it.each([
    ['12 for high risk', HIGH_RISK, 12],
    ['12 for a prohibited practice', { 'law.prohibited_practice': true }, 12],
    ['24 for limited risk', { 'law.transparency_duty': true }, 24],
    ['24 for an impactful algorithm', { 'human_control.decisions_about_people': true }, 24],
    ['36 by default', {}, 36],
  ])('reassessment months are %s', (_label, overrides, expected) => {
    expect(evaluate(clean(overrides)).reassessmentMonths).toBe(expected);
  });
});

describe('groningen-rotterdam v3: follow-up questions', () => {
  it('asks for the DPIA link and conclusions only when a DPIA was done', () => {
    const personal = { 'privacy.personal_data': true };
    expect(applies('privacy.dpia_link', clean(personal))).toBe(false);
    expect(applies('privacy.dpia_link', clean({ ...personal, 'privacy.dpia_done': false }))).toBe(false);
    const done = evaluate(clean({ ...personal, 'privacy.dpia_done': true }));
    expect(done.applicable).toEqual(expect.arrayContaining(['privacy.dpia_link', 'privacy.dpia_conclusions']));
    expect(done.missingRequired).toEqual(expect.arrayContaining(['privacy.dpia_link', 'privacy.dpia_conclusions']));
  });

  it('asks the personal data questions only when personal data are processed', () => {
    const followUps = ['privacy.special_categories', 'privacy.profiling', 'privacy.minimisation', 'privacy.dpia_done', 'privacy.retention', 'privacy.processing_register_link'];
    const without = evaluate(clean());
    for (const id of followUps) expect(without.applicable).not.toContain(id);
    const withData = evaluate(clean({ 'privacy.personal_data': true }));
    expect(withData.missingRequired).toEqual(followUps);
  });

  it('ignores a stale DPIA answer once personal data is set to no', () => {
    const r = evaluate(
      clean({ 'privacy.personal_data': false, 'privacy.special_categories': ['health'], 'privacy.dpia_done': false }),
    );
    expect(r.applicable).not.toContain('privacy.dpia_done');
    expect(r.blocking).toEqual([]);
  });

  it('asks for transfer safeguards only when data leave the EU', () => {
    expect(applies('privacy.transfer_safeguards', clean({ 'privacy.data_location': 'eu' }))).toBe(false);
    expect(evaluate(clean({ 'privacy.data_location': 'outside_eu' })).missingRequired).toEqual(['privacy.transfer_safeguards']);
  });

  it('asks to justify protected grounds and proxies only when some are used', () => {
    expect(applies('discrimination.grounds_justification', clean())).toBe(false);
    expect(applies('discrimination.grounds_justification', clean({ 'discrimination.protected_grounds': ['age'] }))).toBe(true);
    expect(applies('discrimination.proxies_justification', clean())).toBe(false);
    expect(applies('discrimination.proxies_justification', clean({ 'discrimination.proxies': ['name'] }))).toBe(true);
  });

  it('names every ground of the Constitution and the Equal Treatment Act, with "none" alone', () => {
    const grounds = questions.find((q) => q.id === 'discrimination.protected_grounds')!;
    expect(grounds.options!.map((o) => o.value)).toEqual([
      'religion',
      'belief',
      'political_opinion',
      'race',
      'sex',
      'nationality',
      'sexual_orientation',
      'civil_status',
      'age',
      'disability_chronic_illness',
      'other_grounds',
      'none',
    ]);
    expect(grounds.options!.filter((o) => o.exclusive).map((o) => o.value)).toEqual(['none']);
    expect(questions.find((q) => q.id === 'discrimination.proxies')!.options!.filter((o) => o.exclusive).map((o) => o.value)).toEqual(['none']);
  });

  it('asks for the test record when tested, and for a reason when not', () => {
    const record = Object.keys(BIAS_TEST);
    const untested = evaluate(clean({ 'discrimination.bias_test_done': false }));
    for (const id of [...record, 'discrimination.mitigation']) expect(untested.applicable).not.toContain(id);
    expect(untested.missingRequired).toEqual(['discrimination.no_test_reason']);
    const tested = evaluate(clean(Object.fromEntries(record.map((id) => [id, undefined]))));
    expect(tested.missingRequired).toEqual(record);
    expect(applies('discrimination.mitigation', clean())).toBe(true);
  });

  it('asks for the objection route description only when there is one', () => {
    expect(applies('transparency.objection_description', clean({ 'transparency.objection_route': false }))).toBe(false);
    expect(applies('transparency.objection_description', clean())).toBe(true);
  });

  it('asks who took part and what changed only when residents were consulted', () => {
    const r = evaluate(clean({ 'participation.consulted': false }));
    expect(r.applicable).not.toContain('participation.who');
    expect(r.missingRequired).toEqual(['participation.why_not']);
  });

  it('asks for the fundamental rights assessment only for high risk, and its link only once done', () => {
    expect(applies('law.fria_done', clean())).toBe(false);
    const notDone = evaluate(clean({ 'law.high_risk_use': true }));
    expect(notDone.missingRequired).toEqual(['law.fria_done', 'law.eu_database']);
    expect(notDone.applicable).not.toContain('law.fria_link');
    expect(applies('law.fria_link', clean({ 'law.high_risk_use': true, 'law.fria_done': true }))).toBe(true);
  });
});

describe('groningen-rotterdam v3: energy estimate', () => {
  it('computes (per use × uses + training) × overhead, and CO2e from the hosting factor', () => {
    // (0.0005 kWh × 200,000 + 50 kWh) × 1.2 = 180 kWh; 180 × 0.25 kg = 45 kg
    const r = evaluate(
      clean({
        'energy.model_kind': 'small_language_model',
        'energy.uses_per_year': 200_000,
        'energy.training': 'fine_tune',
        'energy.hosting': 'eu_cloud',
      }),
    );
    expect(r.energy).toEqual({ kwhPerYear: 180, co2eKgPerYear: 45 });
  });

  it('estimates the clean application: 0.0001 kWh × 1000 × 1.6 = 0.16 kWh, × 0.27 kg = 0.0432 kg', () => {
    expect(evaluate(clean()).energy).toEqual({ kwhPerYear: 0.16, co2eKgPerYear: 0.0432 });
  });

  it('takes only whole uses per year, up to a billion', () => {
    const uses = questions.find((q) => q.id === 'energy.uses_per_year')!;
    expect(uses).toMatchObject({ integer: true, min: 0, max: 1_000_000_000 });
  });

  it('names a source for every factor of the estimate', () => {
    expect(template.estimates!.energy!.sources!.map((s) => s.factor)).toEqual(['perUseKwh', 'fixedKwhPerYear', 'overhead', 'co2eKgPerKwh']);
  });

  it('gives no estimate while the uses per year are missing', () => {
    expect(evaluate(clean({ 'energy.uses_per_year': undefined })).energy).toBeNull();
  });
});

describe('groningen-rotterdam v3: legal facts and floors', () => {
  const facts = (answers: Answers) => legalFacts({ template, answers });
  const floors = (answers: Answers) => legalFloors(facts(answers)).map((b) => b.floor);

  it('establishes every legal fact by one question', () => {
    expect(questions.filter((q) => q.fact).map((q) => q.fact).sort()).toEqual([...LEGAL_FACTS].sort());
  });

  it('establishes the facts of the clean application, and no floor holds', () => {
    expect(facts(clean())).toEqual({
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
      protected_grounds: false,
      proxies: false,
      vulnerable_groups: false,
      large_scale: false,
    });
    expect(floors(clean())).toEqual([]);
  });

  it('reads a human decision only from "always a human", and special categories from any but "none"', () => {
    expect(facts(clean({ 'human_control.final_decision': 'human_samples' })).human_final_decision).toBe(false);
    const personal = { 'privacy.personal_data': true };
    expect(facts(clean({ ...personal, 'privacy.special_categories': ['none'] })).special_categories).toBe(false);
    expect(facts(clean({ ...personal, 'privacy.special_categories': ['none', 'health'] })).special_categories).toBe(true);
  });

  it.each([
    ['a prohibited practice', { 'law.prohibited_practice': true }, 'prohibited_practice'],
    ['personal data with only sample checks', { 'privacy.personal_data': true, 'human_control.final_decision': 'human_samples' }, 'human_decision'],
    ['high risk without a fundamental rights assessment', { 'law.high_risk_use': true, 'law.fria_done': false }, 'fria'],
    ['profiling without a DPIA', { 'privacy.personal_data': true, 'privacy.special_categories': ['none'], 'privacy.profiling': true, 'privacy.dpia_done': false }, 'dpia'],
  ])('holds a floor for %s, as the template\'s own blocking rule does', (_label, overrides, floor) => {
    expect(floors(clean(overrides))).toContain(floor);
    expect(evaluate(clean(overrides)).blocking.length).toBeGreaterThan(0);
  });

  it('counts a fact whose question is left open against approval', () => {
    expect(floors(clean({ 'privacy.personal_data': true }))).toEqual(['dpia']);
    expect(floors(clean({ 'law.high_risk_use': true }))).toEqual(['fria']);
  });

  it('clears the AI Act floors for an application that is no AI system', () => {
    expect(floors(clean({ 'law.is_ai_system': false }))).toEqual([]);
  });
});
