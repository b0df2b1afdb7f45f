import type { EntityManager } from 'typeorm';
import type { Algorithm } from '../algorithms/entities/algorithm.entity';
import { STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import type { Assessment } from './entities/assessment.entity';
import { RegisterSnapshot } from './entities/register-snapshot.entity';

/** The Publicatiestandaard fields the proposer writes (not the category the rules derive, nor an import's source id). */
const SNAPSHOT_FIELDS = STANDARD_FIELDS.filter(
  (f) => f.key !== 'publication_category' && f.key !== 'source_id',
);

/** The register fields as they stand, by schema key: what a revision is submitted with. */
export function registerFieldValues(algorithm: Algorithm): Record<string, unknown> {
  const source = algorithm as unknown as Record<string, unknown>;
  return Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f.key, source[f.property] ?? null]));
}

/** Keeps the register fields a revision was submitted with, so later revisions compare with them. */
export async function snapshotRegisterFields(
  em: EntityManager,
  assessment: Assessment,
  algorithm: Algorithm,
): Promise<void> {
  await em.upsert(
    RegisterSnapshot,
    {
      assessmentId: assessment.id,
      revision: assessment.revision,
      fields: registerFieldValues(algorithm) as object,
    },
    ['assessmentId', 'revision'],
  );
}
