import type { LegalFacts } from '../../law/legal-facts';

/**
 * The impact assessments the law (and the organisation) can require before an application is
 * approved: an IAMA (impact assessment on fundamental rights, AI Act art. 27, in the Netherlands
 * the "Impact Assessment Mensenrechten en Algoritmes") and a DPIA (GDPR art. 35).
 */
export const INSTRUMENT_KINDS = ['iama', 'dpia'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const INSTRUMENT_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

/** Why an instrument is required; each is a message `instruments.reason.<reason>`. */
export type InstrumentReason =
  'highRiskAi' | 'impactfulAboutPeople' | 'specialCategories' | 'profiling' | 'largeScale';

export interface InstrumentRequirement {
  kind: InstrumentKind;
  /** Empty when the instrument is not required. */
  reasons: InstrumentReason[];
}

/**
 * Which instruments an application requires, from its legal facts:
 * - an IAMA for a high-risk AI system (AI Act art. 27), and, when the organisation asks for it
 *   (`iamaForImpactful`, on by default), for an impactful algorithm (publication category A or B)
 *   that takes or prepares decisions about people;
 * - a DPIA for special categories of personal data, profiling, or personal data of many people
 *   (GDPR art. 35(3); the checklist's `large_scale` fact).
 *   Unlike the other two grounds, large scale requires personal data established as present: a
 *   large reach alone, say a traffic model, processes no one's data.
 * Only facts established as true require one: an open fact is the legal floors' to ask about.
 */
export function requiredInstruments(
  facts: LegalFacts,
  context: { impactful: boolean; iamaForImpactful: boolean },
): InstrumentRequirement[] {
  const iama: InstrumentReason[] = [];
  if (facts.ai_system === true && facts.high_risk === true) iama.push('highRiskAi');
  if (context.iamaForImpactful && context.impactful && facts.decides_about_people === true)
    iama.push('impactfulAboutPeople');
  const dpia: InstrumentReason[] = [];
  if (facts.personal_data !== false) {
    if (facts.special_categories === true) dpia.push('specialCategories');
    if (facts.profiling === true) dpia.push('profiling');
    if (facts.large_scale === true && facts.personal_data === true) dpia.push('largeScale');
  }
  return [
    { kind: 'iama', reasons: iama },
    { kind: 'dpia', reasons: dpia },
  ];
}

/**
 * What the records say about the legal facts `fria_done` and `dpia_done`: a record is done or it
 * is not; without a record the records say nothing (legal-facts.ts then reads the checklist).
 */
export function instrumentFacts(
  records: readonly { kind: InstrumentKind; status: InstrumentStatus }[],
): Partial<LegalFacts> {
  const status = (kind: InstrumentKind) => records.find((r) => r.kind === kind)?.status;
  const facts: Partial<LegalFacts> = {};
  const iama = status('iama');
  const dpia = status('dpia');
  if (iama) facts.fria_done = iama === 'done';
  if (dpia) facts.dpia_done = dpia === 'done';
  return facts;
}
