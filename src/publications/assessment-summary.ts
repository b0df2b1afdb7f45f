import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import type { AssessmentOutcome } from '../assessments/workflow';
import type { RiskClass } from '../checklists/engine';

export interface LocalisedText {
  nl: string;
  en: string;
}

/**
 * What the public may know of an assessment, frozen at publication: per checklist section the
 * outcome, the commission's decision and dates, the template version. Conditions are not frozen
 * here: their state changes after publication, so the register reads them live.
 */
export interface AssessmentSummary {
  assessmentId: number;
  revision: number;
  template: { key: string; version: number; title: LocalisedText };
  decision: AssessmentOutcome;
  decidedAt: string;
  publishedAt: string;
  riskClass: RiskClass | null;
  publicationCategory: PublicationCategory | null;
  /** YYYY-MM-DD */
  reassessmentDue: string | null;
  approvals: number;
  energy: { kwhPerYear: number; co2eKgPerYear: number } | null;
  sections: {
    id: string;
    title: LocalisedText;
    /** 'attention' when a reviewer remarked on the section or a blocking rule concerned it. */
    outcome: 'ok' | 'attention';
    /** Reviewers' remarks on the section, without their names. */
    remarks: string[];
  }[];
}
