import type { EntityManager } from 'typeorm';
import { OrganisationPolicy } from './entities/organisation-policy.entity';

/** What an organisation has chosen about its register and process (docs/operations.md). */
export interface OrganisationPolicies {
  /** Working days within which the organisation promises residents an answer to their feedback. */
  feedbackAnswerDays: number;
  /** Whether the commission's advice on rejected and withdrawn proposals is public, as Groningen does. */
  publishRejectedAdvice: boolean;
  /** Whether each reviewer's reasoning is public (never their names). */
  publishReviewerReasoning: boolean;
  /** Whether an IAMA is required for impactful algorithms about people, not only for high-risk AI. */
  iamaForImpactful: boolean;
}

/** The choices of an organisation that has made none: the cautious ones. */
export const DEFAULT_POLICIES: Readonly<OrganisationPolicies> = Object.freeze({
  feedbackAnswerDays: 10,
  publishRejectedAdvice: false,
  publishReviewerReasoning: false,
  iamaForImpactful: true,
});

/** The longest answer time an organisation may promise, in working days (about a quarter). */
export const MAX_FEEDBACK_ANSWER_DAYS = 60;

/** An organisation's policies: its own, or the defaults when it has not set them. */
export async function organisationPolicies(
  em: EntityManager,
  organisationId: number,
): Promise<OrganisationPolicies> {
  const row = await em.getRepository(OrganisationPolicy).findOneBy({ organisationId });
  if (!row) return { ...DEFAULT_POLICIES };
  return {
    feedbackAnswerDays: row.feedbackAnswerDays,
    publishRejectedAdvice: row.publishRejectedAdvice,
    publishReviewerReasoning: row.publishReviewerReasoning,
    iamaForImpactful: row.iamaForImpactful,
  };
}
