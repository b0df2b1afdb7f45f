import type { LegalFact, LegalFacts } from './legal-facts';

/**
 * What the law (and the Groningen vision that an AI application never decides on its own)
 * forbids, whatever template an organisation uses: an application that breaks one of these floors
 * can never be submitted, approved or published. Templates add blocking rules; they cannot remove
 * these, since the floors read the legal facts (legal-facts.ts), not template rules. Their texts
 * and legal sources are the messages `law.floor.<id>.*`.
 */
export const LEGAL_FLOORS = ['prohibited_practice', 'human_decision', 'fria', 'dpia'] as const;
export type LegalFloor = (typeof LEGAL_FLOORS)[number];

/** A floor that is not cleared: breached by the facts, or not established because facts are missing. */
export interface FloorBreach {
  floor: LegalFloor;
  /** True when the facts show the breach; false when the facts that would clear it are missing. */
  established: boolean;
  /** When not established: the facts this floor looks at that are missing, for the proposer to answer. */
  unknown: LegalFact[];
}

/** Three-valued: null is "not established". */
type Maybe = boolean | null;

const is = (value: Maybe, wanted: boolean): Maybe => (value === null ? null : value === wanted);
const any = (...xs: Maybe[]): Maybe =>
  xs.includes(true) ? true : xs.includes(null) ? null : false;
const all = (...xs: Maybe[]): Maybe =>
  xs.includes(false) ? false : xs.includes(null) ? null : true;

interface FloorRule {
  facts: readonly LegalFact[];
  /** True when the facts clear the floor, false when they breach it, null when they do not tell. */
  cleared: (f: LegalFacts) => Maybe;
}

const RULES: Record<LegalFloor, FloorRule> = {
  // AI Act art. 5: a prohibited AI practice is never allowed.
  prohibited_practice: {
    facts: ['ai_system', 'prohibited_practice'],
    cleared: (f) => any(is(f.ai_system, false), is(f.prohibited_practice, false)),
  },
  // The Groningen vision and GDPR art. 22: where people or their data are concerned, a human
  // takes the final decision.
  human_decision: {
    facts: ['decides_about_people', 'personal_data', 'human_final_decision'],
    cleared: (f) =>
      any(
        is(f.human_final_decision, true),
        all(is(f.decides_about_people, false), is(f.personal_data, false)),
      ),
  },
  // AI Act art. 27: a public body using a high-risk AI system assesses its impact on
  // fundamental rights first.
  fria: {
    facts: ['ai_system', 'high_risk', 'fria_done'],
    cleared: (f) => any(is(f.ai_system, false), is(f.high_risk, false), is(f.fria_done, true)),
  },
  // GDPR art. 35: special categories of personal data or profiling need a DPIA.
  dpia: {
    facts: ['personal_data', 'special_categories', 'profiling', 'dpia_done'],
    cleared: (f) =>
      any(
        is(f.personal_data, false),
        all(is(f.special_categories, false), is(f.profiling, false)),
        is(f.dpia_done, true),
      ),
  },
};

/** The floors these facts do not clear, in a fixed order; empty when the application may go ahead. */
export function legalFloors(facts: LegalFacts): FloorBreach[] {
  return LEGAL_FLOORS.flatMap((floor) => {
    const rule = RULES[floor];
    const cleared = rule.cleared(facts);
    if (cleared === true) return [];
    const established = cleared === false;
    return [
      {
        floor,
        established,
        unknown: established ? [] : rule.facts.filter((fact) => facts[fact] === null),
      },
    ];
  });
}
