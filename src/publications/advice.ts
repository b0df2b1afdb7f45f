import type { DataSource, EntityManager } from 'typeorm';
import { dbTime, fromDbTime, q } from '../database/sql';
import { isDissent, positionCounts } from '../reviews/entities/review.entity';
import type { PositionCounts, Review, ReviewDecision } from '../reviews/entities/review.entity';
import { bumpRegisterVersion } from './register-projection';

/**
 * The commission's advice on a proposal it did not approve, as the public may read it when the
 * organisation publishes such advice (`publishRejectedAdvice`): kept in `register_advice`, apart
 * from the register's entries, so it is never found, counted or downloaded as an application in
 * use. Like the entries' summaries it is built from positions and texts only, never from who
 * took them.
 */
export interface AdviceSummary {
  /** The commission's last decision: a rejection, or changes asked for before the proposer withdrew. */
  decision: 'rejected' | 'request_changes' | null;
  reasoning: string | null;
  positions: PositionCounts;
  dissent: { position: ReviewDecision; reasoning: string }[];
  /** Only when the organisation publishes each reviewer's reasoning. */
  reviewerReasoning?: { position: ReviewDecision; reasoning: string }[];
}

export type AdviceOutcome = 'rejected' | 'withdrawn';

export interface PublishedAdvice {
  publicId: string;
  name: string;
  descriptionShort: string;
  organisation: { name: string; slug: string };
  outcome: AdviceOutcome;
  decidedAt: Date;
  summary: AdviceSummary;
}

export function adviceSummary(input: {
  decision: AdviceSummary['decision'];
  reasoning: string | null;
  reviews: Pick<Review, 'decision' | 'reasoning'>[];
  publishReviewerReasoning: boolean;
}): AdviceSummary {
  const signed = input.reviews.filter((r) => r.decision);
  // On a rejection the dissent is an approval the decision went against.
  const against = (d: ReviewDecision) =>
    input.decision === 'rejected' ? !isDissent(d) : isDissent(d);
  return {
    decision: input.decision,
    reasoning: input.reasoning?.trim() || null,
    positions: positionCounts(input.reviews),
    dissent: signed
      .filter((r) => against(r.decision!))
      .map((r) => ({ position: r.decision!, reasoning: r.reasoning?.trim() ?? '' })),
    ...(input.publishReviewerReasoning
      ? {
          reviewerReasoning: signed
            .filter((r) => r.reasoning?.trim())
            .map((r) => ({ position: r.decision!, reasoning: r.reasoning!.trim() })),
        }
      : {}),
  };
}

/** Makes the advice public, in the step's transaction; the register's pages drop their cache. */
export async function publishAdvice(
  em: EntityManager,
  input: {
    assessmentId: number;
    organisationId: number;
    publicId: string;
    name: string;
    descriptionShort: string;
    outcome: AdviceOutcome;
    decidedAt: Date;
    summary: AdviceSummary;
  },
): Promise<void> {
  await q(em, 'DELETE FROM register_advice WHERE assessment_id = ?', [input.assessmentId]);
  await q(
    em,
    `INSERT INTO register_advice (assessment_id, organisation_id, public_id, name,
       description_short, outcome, summary, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      input.assessmentId,
      input.organisationId,
      input.publicId,
      input.name,
      input.descriptionShort,
      input.outcome,
      JSON.stringify(input.summary),
      dbTime(em, input.decidedAt),
    ],
  );
  await bumpRegisterVersion(em);
}

/** The published advice, newest first, of every organisation or of one. */
export async function publishedAdvice(
  db: DataSource | EntityManager,
  organisationId?: number,
): Promise<PublishedAdvice[]> {
  const rows = await q(
    db,
    `SELECT a.public_id, a.name, a.description_short, a.outcome, a.summary, a.decided_at,
            o.name AS organisation_name, o.slug AS organisation_slug
       FROM register_advice a JOIN organisations o ON o.id = a.organisation_id
      ${organisationId === undefined ? '' : 'WHERE a.organisation_id = ?'}
      ORDER BY a.decided_at DESC, a.id DESC`,
    organisationId === undefined ? [] : [organisationId],
  );
  return rows.map((r) => ({
    publicId: String(r.public_id),
    name: String(r.name),
    descriptionShort: String(r.description_short ?? ''),
    organisation: { name: String(r.organisation_name), slug: String(r.organisation_slug) },
    outcome: String(r.outcome) as AdviceOutcome,
    decidedAt: fromDbTime(r.decided_at),
    summary: (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) as AdviceSummary,
  }));
}
