import type { EntityManager } from 'typeorm';
import { Review } from '../reviews/entities/review.entity';
import { RemarkAnswer } from './entities/remark-answer.entity';

/** A reviewer's remark on a question or a section of one revision, which the next revision answers. */
export interface Remark {
  /** `<reviewId>:q:<questionId>` or `<reviewId>:s:<sectionId>`: what an answer refers to. */
  key: string;
  reviewId: number;
  reviewer: string;
  kind: 'question' | 'section';
  /** The question or section id. */
  target: string;
  text: string;
  /** The proposer's answer in the next revision; null while open. */
  answer: string | null;
}

export function remarkKey(reviewId: number, kind: Remark['kind'], target: string): string {
  return `${reviewId}:${kind === 'question' ? 'q' : 's'}:${target}`;
}

/**
 * The remarks the signed reviews of `revision - 1` made, with the answers given in `revision`:
 * what the proposer answers before resubmitting, and what reviewers read beside the diff.
 */
export async function remarksAnsweredIn(
  em: EntityManager,
  assessmentId: number,
  revision: number,
): Promise<Remark[]> {
  if (revision < 2) return [];
  const reviews = await em.find(Review, {
    where: { assessmentId, revision: revision - 1 },
    relations: { reviewer: true },
    order: { id: 'ASC' },
  });
  const answers = new Map(
    (await em.findBy(RemarkAnswer, { assessmentId, revision })).map((a) => [a.remark, a.answer]),
  );
  return reviews
    .filter((r) => r.decision)
    .flatMap((r) => {
      const of = (kind: Remark['kind'], remarks: Record<string, string> | null) =>
        Object.entries(remarks ?? {})
          .filter(([, text]) => text.trim())
          .map(([target, text]) => {
            const key = remarkKey(r.id, kind, target);
            return {
              key,
              reviewId: r.id,
              reviewer: r.reviewer.name,
              kind,
              target,
              text: text.trim(),
              answer: answers.get(key) ?? null,
            };
          });
      return [...of('question', r.questionRemarks), ...of('section', r.sectionRemarks)];
    });
}
