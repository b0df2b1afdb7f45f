import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import type { RiskClass } from '../checklists/engine';
import type { LegalFact, LegalFacts } from './legal-facts';

/**
 * The risk class, publication category and number of approvals the law and the people affected
 * ask for at the least, whatever template an organisation uses: from the AI Act's risk group and
 * from the ethical impact (decisions about people, profiling, protected grounds or their proxies,
 * vulnerable groups, scale). A template may ask more, never less (engine.ts takes the stricter of
 * the two). A pure function of the legal facts, so a fact from any source (a checklist answer, the
 * AI Act decision tree) moves the class. The table and the reason for each row are in
 * docs/workflow.md; the texts are the messages `law.impact.<rule>.*`.
 */
export const IMPACT_RULES = [
  'prohibited_practice',
  'high_risk_ai',
  'protected_ground_decision',
  'indirect_or_vulnerable',
  'about_people',
] as const;
export type ImpactRule = (typeof IMPACT_RULES)[number];

interface Row {
  /** The facts that must all hold, or, for a list of lists, one fact of every list. */
  needs: LegalFact[][];
  riskClass: RiskClass;
  publicationCategory: PublicationCategory;
  requiredApprovals: number;
}

const ROWS: Record<ImpactRule, Row> = {
  // AI Act art. 5. The floor refuses it anyway; the class says what it is.
  prohibited_practice: {
    needs: [['ai_system'], ['prohibited_practice']],
    riskClass: 'prohibited',
    publicationCategory: 'A',
    requiredApprovals: 3,
  },
  // AI Act art. 6 and Annex III; the register standard's category A is "high-risk AI system".
  high_risk_ai: {
    needs: [['ai_system'], ['high_risk']],
    riskClass: 'high',
    publicationCategory: 'A',
    requiredApprovals: 3,
  },
  // Constitution art. 1 and the Equal Treatment Act: a distinction on a protected ground in a
  // decision about people is direct discrimination unless a narrow exception applies, which the
  // whole commission weighs.
  protected_ground_decision: {
    needs: [['decides_about_people'], ['protected_grounds']],
    riskClass: 'impactful',
    publicationCategory: 'B',
    requiredApprovals: 3,
  },
  // Equal Treatment Act (indirect distinction) and the Rotterdam code: a proxy of a protected
  // ground, people in a vulnerable position or a large scale in a decision or risk score about
  // people is where indirect discrimination and exclusion happen, and where an error hits many.
  indirect_or_vulnerable: {
    needs: [
      ['decides_about_people', 'profiling'],
      ['proxies', 'vulnerable_groups', 'large_scale'],
    ],
    riskClass: 'impactful',
    publicationCategory: 'B',
    requiredApprovals: 3,
  },
  // The register standard's category B, "impactful algorithms": legal or otherwise significant
  // consequences for people, as a decision or a risk score about them has, AI or not; the
  // Groningen vision wants a human check where ethics is touched: two reviewers at the least.
  about_people: {
    needs: [['decides_about_people', 'profiling']],
    riskClass: 'impactful',
    publicationCategory: 'B',
    requiredApprovals: 2,
  },
};

/** What no fact raises: the lowest class. */
const BASE = { riskClass: 'minimal', publicationCategory: 'C', requiredApprovals: 1 } as const;

export interface ImpactReason {
  rule: ImpactRule;
  /** The facts that hold and put the rule in force, in the order the rule names them. */
  facts: LegalFact[];
}

export interface ImpactClass {
  riskClass: RiskClass;
  publicationCategory: PublicationCategory;
  requiredApprovals: number;
  /** Every rule in force, strictest first; empty when none is (the lowest class). */
  reasons: ImpactReason[];
}

/** Strictest first, so the stricter of two is the one with the lower index. */
const CLASS_ORDER: readonly RiskClass[] = ['prohibited', 'high', 'impactful', 'limited', 'minimal'];

export function stricterClass(a: RiskClass, b: RiskClass): RiskClass {
  return CLASS_ORDER.indexOf(a) <= CLASS_ORDER.indexOf(b) ? a : b;
}

/** A is the strictest category (high-risk AI), C the lightest. */
export function stricterCategory(
  a: PublicationCategory,
  b: PublicationCategory,
): PublicationCategory {
  return a <= b ? a : b;
}

/**
 * The class the facts ask for at the least. A fact that is not established (null) puts no rule in
 * force: the floors already refuse an application whose AI Act facts are open, and the questions
 * of the impact facts are required wherever they apply, so at submission only an assessment on a
 * version that does not ask them has one open; it keeps what its own rules give until it is
 * re-assessed under a version that does.
 */
export function impactClass(facts: LegalFacts): ImpactClass {
  const reasons: ImpactReason[] = IMPACT_RULES.flatMap((rule) => {
    const held = ROWS[rule].needs.map((anyOf) => anyOf.filter((fact) => facts[fact] === true));
    return held.every((list) => list.length > 0) ? [{ rule, facts: held.flat() }] : [];
  });
  return reasons.reduce<ImpactClass>(
    (acc, { rule }) => ({
      riskClass: stricterClass(acc.riskClass, ROWS[rule].riskClass),
      publicationCategory: stricterCategory(
        acc.publicationCategory,
        ROWS[rule].publicationCategory,
      ),
      requiredApprovals: Math.max(acc.requiredApprovals, ROWS[rule].requiredApprovals),
      reasons,
    }),
    { ...BASE, reasons },
  );
}
