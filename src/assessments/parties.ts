import type { EntityManager } from 'typeorm';
import type { Assessment } from './entities/assessment.entity';
import { Coauthor } from './entities/coauthor.entity';

/** The parties to an assessment, by user id: its proposer and its co-authors (workflow.ts, dutyRefusal). */
export async function partiesOf(em: EntityManager, assessment: Assessment): Promise<number[]> {
  const coauthors = await em.findBy(Coauthor, { assessmentId: assessment.id });
  return [
    ...(assessment.proposerId === null ? [] : [assessment.proposerId]),
    ...coauthors.map((c) => c.userId),
  ];
}
