import type { RiskClass } from './engine';
import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import type { LegalFact } from '../law/legal-facts';
import type { LocalisedText } from '../publications/assessment-summary';

/** The content of a checklist template file; see docs/checklists.md and the JSON Schema beside the files. */
export const QUESTION_TYPES = [
  'yes_no',
  'single_choice',
  'multiple_choice',
  'text',
  'number',
  'date',
  'url',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type Scalar = string | number | boolean;

export type Condition =
  | { q: string; eq: Scalar }
  | { q: string; ne: Scalar }
  | { q: string; in: Scalar[] }
  | { q: string; includes: string }
  | { q: string; includesAny: string[] }
  | { q: string; answered: boolean }
  | { q: string; gt: number }
  | { q: string; gte: number }
  | { q: string; lt: number }
  | { q: string; lte: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { riskClass: RiskClass | RiskClass[] }
  | { estimate: EstimateName; gt?: number; gte?: number; lt?: number; lte?: number };

export type EstimateName = 'energy.kwhPerYear' | 'energy.co2eKgPerYear';

export interface QuestionOption {
  value: string;
  label: LocalisedText;
  /** On a choice question that establishes a legal fact: what choosing this option says of it. */
  fact?: boolean;
  /** On a multiple-choice question: chosen only alone (such as "none"). */
  exclusive?: true;
}

export interface Question {
  id: string;
  type: QuestionType;
  required: boolean;
  text: LocalisedText;
  help?: LocalisedText;
  options?: QuestionOption[];
  maxLength?: number;
  min?: number;
  max?: number;
  /** On a number question: whole numbers only. */
  integer?: true;
  unit?: LocalisedText;
  when?: Condition;
  urns: string[];
  register?: RegisterField;
  /** The legal fact this question establishes (src/law/legal-facts.ts); each fact has one question. */
  fact?: LegalFact;
}

export type RegisterField =
  | 'purpose_and_impact'
  | 'considerations'
  | 'human_intervention'
  | 'risk_management'
  | 'legal_basis'
  | 'impact_assessments'
  | 'data'
  | 'technical_operation';

export interface Section {
  id: string;
  title: LocalisedText;
  intro?: LocalisedText;
  questions: Question[];
}

export interface FirstMatch<T> {
  when?: Condition;
  value: T;
  explanation?: LocalisedText;
}

export interface BlockingRule {
  id: string;
  section: string;
  when: Condition;
  reason: LocalisedText;
  urns?: string[];
}

export interface FactorTable {
  question: string;
  values: Record<string, number>;
}

export interface EnergyEstimate {
  assumptions: LocalisedText;
  perUseKwh: FactorTable;
  usesPerYear: { question: string };
  fixedKwhPerYear?: FactorTable;
  overhead?: FactorTable;
  co2eKgPerKwh: FactorTable;
  /** Where each factor table's numbers come from. */
  sources?: EnergySource[];
}

export const ENERGY_FACTORS = ['perUseKwh', 'fixedKwhPerYear', 'overhead', 'co2eKgPerKwh'] as const;

export interface EnergySource {
  factor: (typeof ENERGY_FACTORS)[number];
  text: LocalisedText;
  url?: string;
}

/** A bias test's record as the template asks it; see DisparityResult in engine.ts. */
export interface DisparityEstimate {
  /** Number questions: the rate of the reference group and of the most disadvantaged group. */
  rates: [string, string];
  /** Number question: the lowest ratio between the two rates the organisation accepts. */
  threshold: string;
  /** Text question: what was done about a disparity beyond the threshold. */
  mitigation: string;
}

export interface ChecklistTemplateContent {
  key: string;
  version: number;
  title: LocalisedText;
  description: LocalisedText;
  sources?: string[];
  sections: Section[];
  estimates?: { energy?: EnergyEstimate; disparity?: DisparityEstimate };
  rules: {
    blocking: BlockingRule[];
    riskClass: FirstMatch<RiskClass>[];
    publicationCategory: FirstMatch<PublicationCategory>[];
    requiredApprovals: FirstMatch<number>[];
    reassessmentMonths: FirstMatch<number>[];
  };
}

/** Answers by question id: boolean, string, number, string[] (multiple choice) or 'YYYY-MM-DD'. */
export type Answers = Record<string, unknown>;
