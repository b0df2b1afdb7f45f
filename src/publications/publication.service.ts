import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { toStandardRecord } from '../algorithms/publicatiestandaard';
import { Organisation } from '../organisations/entities/organisation.entity';
import type { AssessmentSummary } from './assessment-summary';
import { Publication } from './entities/publication.entity';
import { indexPublication } from './register-projection';

export interface PublishInput {
  algorithm: Algorithm;
  origin: Publication['origin'];
  /** Left out: the assessment of the previous version still applies (a retirement, a re-import). */
  assessmentId?: number | null;
  revision?: number | null;
  /** Left out: carried over from the previous version; null: no assessment. */
  summary?: AssessmentSummary | null;
  /** Defaults to now; an import keeps the date from its source. */
  publishedAt?: Date;
}

/**
 * Makes the current state of an algorithm public as a new numbered version. Always called inside
 * the transaction of the step that publishes (the workflow's publish, retire, or an import).
 */
@Injectable()
export class PublicationService {
  async publish(em: EntityManager, input: PublishInput): Promise<Publication> {
    const { algorithm } = input;
    const organisation = await em.findOneByOrFail(Organisation, { id: algorithm.organisationId });
    const last = await em.findOne(Publication, {
      where: { algorithmId: algorithm.id },
      order: { number: 'DESC' },
    });
    if (last?.current) await em.update(Publication, { id: last.id }, { current: false });
    const publishedAt = input.publishedAt ?? new Date();
    // A new version without a new assessment keeps the one that still applies: a retirement or a
    // re-import does not take the assessment's outcome off the register.
    const carried = input.summary === undefined;
    const summary = carried ? (last?.summary ?? null) : input.summary;
    const publication = await em.save(
      em.create(Publication, {
        algorithmId: algorithm.id,
        organisationId: algorithm.organisationId,
        number: (last?.number ?? 0) + 1,
        publishedAt,
        origin: input.origin,
        assessmentId: carried ? (last?.assessmentId ?? null) : (input.assessmentId ?? null),
        revision: carried ? (last?.revision ?? null) : (input.revision ?? null),
        record: toStandardRecord(algorithm, organisation.name),
        summary,
        current: true,
      }),
    );
    // The register's read model and its change counter move in the same transaction.
    await indexPublication(em, publication, organisation);
    await em.update(Algorithm, { id: algorithm.id }, { publishedAt });
    return publication;
  }
}
