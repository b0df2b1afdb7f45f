import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { toStandardRecord } from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import { Organisation } from '../organisations/entities/organisation.entity';
import type { AssessmentSummary } from './assessment-summary';
import { Publication } from './entities/publication.entity';
import type { NationalListing, PublicState } from './entities/publication.entity';
import { indexPublication } from './register-projection';
import { RowInserter } from '../database/row-inserter';
import { dbTime, q } from '../database/sql';

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
  /** The entry's life from this version on; published unless it is a retirement. */
  lifecycle?: PublicState;
  /** The record as it becomes public; left out: the algorithm's fields as they stand. */
  record?: StandardRecord;
  /** What the national listing says of an imported entry; left out: carried over. */
  nationalListing?: NationalListing | null;
  /** The algorithm's organisation, when the caller has it at hand (an import); else read. */
  organisation?: Organisation;
  /** Null: the caller has just inserted the algorithm, so it has no version yet; else read. */
  previous?: null;
}

/** A version's row; every column named. */
export const PUBLICATION_ROW = new RowInserter(Publication, [
  'algorithmId',
  'organisationId',
  'number',
  'publishedAt',
  'origin',
  'assessmentId',
  'revision',
  'record',
  'summary',
  'current',
  'lifecycle',
  'reassessmentDue',
  'nationalListing',
]);

/**
 * Makes the current state of an algorithm public as a new numbered version. Always called inside
 * the transaction of the step that publishes (the workflow's publish, retire, or an import).
 */
@Injectable()
export class PublicationService {
  async publish(em: EntityManager, input: PublishInput): Promise<Publication> {
    const { algorithm } = input;
    const organisation =
      input.organisation?.id === algorithm.organisationId
        ? input.organisation
        : await em.findOneByOrFail(Organisation, { id: algorithm.organisationId });
    const last =
      input.previous === null
        ? null
        : await em.findOne(Publication, {
            where: { algorithmId: algorithm.id },
            order: { number: 'DESC' },
          });
    if (last?.current) await em.update(Publication, { id: last.id }, { current: false });
    const publishedAt = input.publishedAt ?? new Date();
    // A new version without a new assessment keeps the one that still applies: a retirement or a
    // re-import does not take the assessment's outcome off the register.
    const carried = input.summary === undefined;
    const summary = carried ? (last?.summary ?? null) : input.summary;
    const values = {
      algorithmId: algorithm.id,
      organisationId: algorithm.organisationId,
      number: (last?.number ?? 0) + 1,
      publishedAt,
      origin: input.origin,
      assessmentId: carried ? (last?.assessmentId ?? null) : (input.assessmentId ?? null),
      revision: carried ? (last?.revision ?? null) : (input.revision ?? null),
      record: input.record ?? toStandardRecord(algorithm, organisation.name),
      summary,
      current: true,
      lifecycle: input.lifecycle ?? 'published',
      reassessmentDue: summary?.reassessmentDue ?? null,
      nationalListing:
        input.nationalListing === undefined
          ? (last?.nationalListing ?? null)
          : input.nationalListing,
    };
    const publication = em.create(Publication, {
      ...values,
      id: await PUBLICATION_ROW.insert(em, values),
    });
    // The register's read model and its change counter move in the same transaction.
    await indexPublication(em, publication, organisation);
    // What TypeORM's update writes (the version and the update date move too), as plain SQL: on
    // SQLite TypeORM puts the id into the text, so each publication parsed a statement anew.
    await q(
      em,
      'UPDATE algorithms SET published_at = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ?',
      [dbTime(em, publishedAt), algorithm.id],
    );
    return publication;
  }

  /** The version that is public now, or null. */
  current(em: EntityManager, algorithmId: number): Promise<Publication | null> {
    return em.findOneBy(Publication, { algorithmId, current: true });
  }

  /**
   * The published approval's re-assessment date has passed: the entry says so from now on. The
   * version itself (record and summary) stays as it was made public.
   */
  async markReassessmentDue(em: EntityManager, publication: Publication): Promise<void> {
    await em.update(Publication, { id: publication.id }, { lifecycle: 'reassessment_due' });
  }

  /**
   * Retires the entry: a new version of what is public, marked out of use from this month, as the
   * national register does. It is built from the current version's record, not from the algorithm
   * row, which may hold the unreviewed edits of a revision in progress.
   */
  async retire(em: EntityManager, algorithm: Algorithm, now: Date): Promise<Publication> {
    const current = await this.current(em, algorithm.id);
    if (!current) throw new Error(`Algorithm ${algorithm.id} has nothing public to retire`);
    return this.publish(em, {
      algorithm,
      origin: 'workflow',
      lifecycle: 'retired',
      record: {
        ...current.record,
        status: RETIRED_STATUS,
        end_date: current.record.end_date ?? now.toISOString().slice(0, 7),
      },
    });
  }
}

/** The Publicatiestandaard status of an algorithm out of use. */
export const RETIRED_STATUS = 'Buiten gebruik';
