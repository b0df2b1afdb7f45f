import { LEGAL_FACTS } from '../../law/legal-facts';
import type { LegalFacts } from '../../law/legal-facts';
import { instrumentFacts, requiredInstruments } from './instrument-rules';

const facts = (known: Partial<LegalFacts>): LegalFacts =>
  ({ ...Object.fromEntries(LEGAL_FACTS.map((f) => [f, null])), ...known }) as LegalFacts;
const reasons = (f: Partial<LegalFacts>, impactful = false, iamaForImpactful = true) =>
  Object.fromEntries(
    requiredInstruments(facts(f), { impactful, iamaForImpactful }).map((r) => [r.kind, r.reasons]),
  );

describe('requiredInstruments', () => {
  it('requires an IAMA for a high-risk AI system', () => {
    expect(reasons({ ai_system: true, high_risk: true }).iama).toEqual(['highRiskAi']);
    expect(reasons({ ai_system: false, high_risk: true }).iama).toEqual([]);
    expect(reasons({ ai_system: true, high_risk: null }).iama).toEqual([]);
  });

  it('requires an IAMA for an impactful algorithm about people only when the organisation asks for it', () => {
    expect(reasons({ decides_about_people: true }, true).iama).toEqual(['impactfulAboutPeople']);
    expect(reasons({ decides_about_people: true }, true, false).iama).toEqual([]);
    expect(reasons({ decides_about_people: true }, false).iama).toEqual([]);
    expect(reasons({ decides_about_people: false }, true).iama).toEqual([]);
  });

  it('requires a DPIA for special categories or profiling of personal data', () => {
    expect(reasons({ personal_data: true, special_categories: true }).dpia).toEqual([
      'specialCategories',
    ]);
    expect(
      reasons({ personal_data: true, profiling: true, special_categories: true }).dpia,
    ).toEqual(['specialCategories', 'profiling']);
    expect(reasons({ personal_data: false, profiling: true }).dpia).toEqual([]);
    expect(reasons({ personal_data: true }).dpia).toEqual([]);
  });

  it('requires a DPIA for personal data of many people, but not for a large reach without personal data', () => {
    expect(reasons({ personal_data: true, large_scale: true }).dpia).toEqual(['largeScale']);
    expect(reasons({ personal_data: false, large_scale: true }).dpia).toEqual([]);
    expect(reasons({ personal_data: null, large_scale: true }).dpia).toEqual([]);
  });
});

describe('instrumentFacts', () => {
  it('says done only for a record that is done, and nothing without a record', () => {
    expect(instrumentFacts([])).toEqual({});
    expect(
      instrumentFacts([
        { kind: 'iama', status: 'in_progress' },
        { kind: 'dpia', status: 'done' },
      ]),
    ).toEqual({ fria_done: false, dpia_done: true });
  });
});
