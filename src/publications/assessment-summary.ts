import type { PublicationCategory } from '../algorithms/publicatiestandaard';
import type { AssessmentOutcome } from '../assessments/workflow';
import type { RiskClass } from '../checklists/engine';
import { applicableQuestions } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent } from '../checklists/template.types';
import { isApproval, isDissent, positionCounts } from '../reviews/entities/review.entity';
import type { PositionCounts, Review, ReviewDecision } from '../reviews/entities/review.entity';

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
  /** Why the commission decided as it did, in the secretary's words. */
  reasoning?: string | null;
  /**
   * Each signed reviewer's position with their reasoning, without names, in no particular
   * order; only when the organisation publishes reviewers' reasoning
   * (`publishReviewerReasoning`, as it stood at publication).
   */
  reviewerReasoning?: { position: ReviewDecision; reasoning: string }[];
  /** What the checklist's transparency section says to residents; absent before it was kept. */
  residents?: ResidentVersion;
  /** The register fields whose text is the answers' own, with the questions that gave it. */
  filledFrom?: { field: string; questions: LocalisedText[] }[];
  /**
   * The estimate with the template's assumptions and the sources of its factors, so that a reader
   * can weigh it; summaries published before these were kept have the numbers only.
   */
  energy: {
    kwhPerYear: number;
    co2eKgPerYear: number;
    assumptions?: LocalisedText;
    sources?: { text: LocalisedText; url?: string }[];
  } | null;
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

/** The resident's version of the entry: the plain-language description and where to go with questions or objections. */
export interface ResidentVersion {
  description: string | null;
  /** How a resident asks for an explanation of an outcome. */
  explanation: string | null;
  /** false: the organisation says there is no route to object to or complain about an outcome. */
  objectionRoute: boolean | null;
  objection: string | null;
}

/**
 * The questions of the checklist's transparency section whose answers are the resident's version
 * (seeds/checklists/groningen-rotterdam.v3.json, as in v2). A template without them publishes none.
 */
export const RESIDENT_QUESTIONS = {
  description: 'transparency.plain_description',
  explanation: 'transparency.explanation_route',
  objectionRoute: 'transparency.objection_route',
  objection: 'transparency.objection_description',
} as const;

/** The resident's version from the answers, each only where its question applies. */
export function residentVersion(
  template: ChecklistTemplateContent,
  answers: Answers,
): ResidentVersion {
  const applicable = applicableQuestions(template, answers);
  const answer = (id: string) => (applicable.has(id) ? answers[id] : undefined);
  const text = (id: string) => {
    const value = answer(id);
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };
  const route = answer(RESIDENT_QUESTIONS.objectionRoute);
  return {
    description: text(RESIDENT_QUESTIONS.description),
    explanation: text(RESIDENT_QUESTIONS.explanation),
    objectionRoute: typeof route === 'boolean' ? route : null,
    objection: text(RESIDENT_QUESTIONS.objection),
  };
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
  decisionReasoning: string | null;
  /** The organisation's `publishReviewerReasoning`: each reviewer's reasoning, without names. */
  publishReviewerReasoning: boolean;
  residents: ResidentVersion | null;
  filledFrom: { field: string; questions: LocalisedText[] }[];
}

/**
 * The public summary of a decided assessment: the decision's reasoning, positions and reviewers'
 * remarks per section, without their names. Reviews carry no names here: nothing of who reviewed
 * can reach the register through it.
 */
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
    reasoning: input.decisionReasoning?.trim() || null,
    ...(input.publishReviewerReasoning
      ? {
          reviewerReasoning: reviews
            .filter((r) => r.decision && r.reasoning?.trim())
            .map((r) => ({ position: r.decision!, reasoning: r.reasoning!.trim() })),
        }
      : {}),
    ...(input.residents ? { residents: input.residents } : {}),
    filledFrom: input.filledFrom,
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
