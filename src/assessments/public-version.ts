import type { Algorithm } from '../algorithms/entities/algorithm.entity';
import { toStandardRecord } from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import type { ChecklistEvaluation } from '../checklists/engine';
import { assessmentSummary, residentVersion } from '../publications/assessment-summary';
import type { AssessmentSummary } from '../publications/assessment-summary';
import type { Review } from '../reviews/entities/review.entity';
import type { Loaded } from './assessments.service';
import { registerFieldFills, registerFieldSources } from './register-fields.service';
import { requirementCoverage } from './requirements-coverage';
import type { AssessmentOutcome } from './workflow';

/** What publishing makes public: the Publicatiestandaard record and the assessment's summary. */
export interface PublicVersion {
  /** The algorithm as published: empty register fields filled from the answers, the category set. */
  algorithm: Algorithm;
  record: StandardRecord;
  summary: AssessmentSummary;
}

/**
 * The one builder of a publication by the workflow: the publish step makes public what it
 * returns, and the publish confirmation page shows it beforehand, so the preview is exactly what
 * becomes public. Pure: the step writes the filled fields itself.
 */
export function publicVersion(input: {
  loaded: Loaded;
  organisationName: string;
  evaluation: ChecklistEvaluation;
  reviews: Review[];
  now: Date;
  /** The organisation's `publishReviewerReasoning`. */
  publishReviewerReasoning: boolean;
}): PublicVersion {
  const { loaded, evaluation, now } = input;
  const { assessment, template } = loaded;
  const algorithm = Object.assign(
    Object.create(Object.getPrototypeOf(loaded.algorithm) as object) as Algorithm,
    loaded.algorithm,
    registerFieldFills(loaded.algorithm, template, loaded.answers),
  );
  algorithm.publicationCategory = assessment.publicationCategory ?? evaluation.publicationCategory;
  return {
    algorithm,
    record: toStandardRecord(algorithm, input.organisationName),
    summary: assessmentSummary({
      assessmentId: assessment.id,
      revision: assessment.revision,
      // The table publishes only from the approving outcomes.
      decision: assessment.state as AssessmentOutcome,
      decidedAt: assessment.decidedAt ?? now,
      publishedAt: now,
      riskClass: assessment.riskClass ?? evaluation.riskClass,
      publicationCategory: algorithm.publicationCategory,
      reassessmentDue: assessment.reassessmentDue,
      energy: evaluation.energy && {
        ...evaluation.energy,
        assumptions: template.estimates!.energy!.assumptions,
        sources: (template.estimates!.energy!.sources ?? []).map(({ text, url }) => ({
          text,
          url,
        })),
      },
      requirements: requirementCounts(loaded, evaluation),
      template,
      reviews: input.reviews,
      dissentReasoning: assessment.dissentReasoning,
      decisionReasoning: assessment.decisionReasoning,
      publishReviewerReasoning: input.publishReviewerReasoning,
      residents: residentVersion(template, loaded.answers),
      filledFrom: registerFieldSources(algorithm, template, loaded.answers),
    }),
  };
}

/** How many requirements apply to the published profile, and how many the checklist addresses. */
function requirementCounts(loaded: Loaded, evaluation: ChecklistEvaluation) {
  const coverage = requirementCoverage(
    loaded.classification,
    loaded.template,
    loaded.answers,
    loaded.assessment.publicationCategory ?? evaluation.publicationCategory,
  );
  return coverage
    ? {
        applicable: coverage.items.length,
        addressed: coverage.items.filter((i) => i.addressed).length,
      }
    : null;
}
