import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import type { AssessmentOutcome } from '../assessments/workflow';
import type { RiskClass } from '../checklists/engine';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import { isApproval, isDissent, positionCounts } from '../reviews/entities/review.entity';
import type { PositionCounts, Review } from '../reviews/entities/review.entity';

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
  /**
   * Every reviewer's position on the published revision, never only the approvals; the dissent
   * (rejections and requests for changes) with its reasoning, without names, and how the
   * decision answered it. Absent in summaries published before positions were recorded.
   */
  positions?: PositionCounts;
  dissent?: { position: 'reject' | 'request_changes'; reasoning: string }[];
  dissentReasoning?: string | null;
  energy: { kwhPerYear: number; co2eKgPerYear: number } | null;
  /**
   * The Algoritmekader requirements that apply to the application's AI Act profile, and how many
   * of them the checklist addresses; null when the decision tree reached no conclusion. Absent
   * in summaries published before the walk through the tree existed.
   */
  requirements?: { applicable: number; addressed: number } | null;
  sections: {
    id: string;
    title: LocalisedText;
    /** 'attention' when a reviewer remarked on the section or a blocking rule concerned it. */
    outcome: 'ok' | 'attention';
    /** Reviewers' remarks on the section, without their names. */
    remarks: string[];
  }[];
}

/** What the publishing step knows of the decided assessment, as plain values. */
export interface SummaryInput {
  assessmentId: number;
  revision: number;
  decision: AssessmentOutcome;
  decidedAt: Date;
  publishedAt: Date;
  riskClass: RiskClass | null;
  publicationCategory: PublicationCategory | null;
  reassessmentDue: string | null;
  energy: AssessmentSummary['energy'];
  requirements: { applicable: number; addressed: number } | null;
  template: Pick<ChecklistTemplateContent, 'key' | 'version' | 'title' | 'sections'>;
  /** The reviewers of the revision being published, signed or not. */
  reviews: Pick<Review, 'decision' | 'reasoning' | 'sectionRemarks'>[];
  /** How the decision answered the dissent, if it went against a reviewer. */
  dissentReasoning: string | null;
}

/** The public summary of a decided assessment: positions and reviewers' remarks per section, without their names. */
export function assessmentSummary(input: SummaryInput): AssessmentSummary {
  const { template, reviews } = input;
  return {
    assessmentId: input.assessmentId,
    revision: input.revision,
    template: { key: template.key, version: template.version, title: template.title },
    decision: input.decision,
    decidedAt: input.decidedAt.toISOString(),
    publishedAt: input.publishedAt.toISOString(),
    riskClass: input.riskClass,
    publicationCategory: input.publicationCategory,
    reassessmentDue: input.reassessmentDue,
    approvals: reviews.filter((r) => isApproval(r.decision)).length,
    positions: positionCounts(reviews),
    dissent: reviews
      .filter((r) => isDissent(r.decision))
      .map((r) => ({
        position: r.decision as 'reject' | 'request_changes',
        reasoning: r.reasoning?.trim() ?? '',
      })),
    dissentReasoning: input.dissentReasoning,
    energy: input.energy,
    requirements: input.requirements,
    sections: template.sections.map((s) => {
      const remarks = reviews
        .map((r) => r.sectionRemarks?.[s.id]?.trim())
        .filter((x): x is string => !!x);
      return { id: s.id, title: s.title, outcome: remarks.length ? 'attention' : 'ok', remarks };
    }),
  };
}
