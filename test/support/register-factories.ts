import { DataSource } from 'typeorm';
import { Algorithm } from '../../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../../src/algorithms/public-id';
import type { AssessmentSummary } from '../../src/publications/assessment-summary';
import { Publication } from '../../src/publications/entities/publication.entity';
import { PublicationService } from '../../src/publications/publication.service';
import type { FacetIndex } from '../../src/register/register-facet-index';
import type { RegisterSearchIndex } from '../../src/register/register-search-index';
import type { RegisterService } from '../../src/register/register.service';

/** Every field of Publicatiestandaard v1.0 filled in, as the workflow would publish it. */
export function completeAlgorithm(overrides: Partial<Algorithm> = {}): Partial<Algorithm> {
  return {
    name: 'Routeplanner reiniging',
    descriptionShort: 'Plant de veegroutes van de reinigingsdienst.',
    themes: ['Natuur en milieu'],
    status: 'In gebruik',
    startDate: '2024-03',
    contact: 'algoritmes@gemeente.example',
    link: 'https://gemeente.example/algoritmes/routeplanner',
    publicationCategory: 'B',
    purposeAndImpact: 'Het algoritme plant routes zodat de veegwagens minder kilometers maken.',
    considerations: 'Handmatig plannen kost veel tijd.',
    humanIntervention: 'De planner controleert elke route voor vertrek.',
    riskManagement: 'Afwijkingen worden wekelijks besproken.',
    legalBasis: 'Gemeentewet',
    impactAssessments: 'DPIA uitgevoerd in 2024.',
    data: 'Kaartgegevens van de openbare ruimte.',
    technicalOperation: 'Een routeringsalgoritme op een wegennetwerk.',
    supplier: 'Eigen ontwikkeling',
    ...overrides,
  };
}

export function summaryFor(
  assessmentId: number,
  overrides: Partial<AssessmentSummary> = {},
): AssessmentSummary {
  return {
    assessmentId,
    revision: 1,
    template: {
      key: 'groningen',
      version: 3,
      title: { nl: 'Toetsingskader Groningen', en: 'Groningen framework' },
    },
    decision: 'approved_with_conditions',
    decidedAt: '2026-09-01T10:00:00.000Z',
    publishedAt: '2026-09-02T10:00:00.000Z',
    riskClass: 'high',
    publicationCategory: 'A',
    reassessmentDue: '2027-09-01',
    approvals: 2,
    energy: { kwhPerYear: 1200, co2eKgPerYear: 400 },
    sections: [
      {
        id: 'purpose',
        title: { nl: 'Doel en meerwaarde', en: 'Purpose and added value' },
        outcome: 'ok',
        remarks: [],
      },
      {
        id: 'privacy',
        title: { nl: 'Privacy en gegevens', en: 'Privacy and data' },
        outcome: 'attention',
        remarks: ['Bewaartermijn korter maken.'],
      },
    ],
    ...overrides,
  };
}

/** An algorithm published through PublicationService, as the workflow does it. */
export async function publishAlgorithm(
  ds: DataSource,
  publications: PublicationService,
  organisationId: number,
  overrides: Partial<Algorithm> = {},
  options: {
    summary?: AssessmentSummary | null;
    origin?: Publication['origin'];
    publishedAt?: Date;
  } = {},
): Promise<{ algorithm: Algorithm; publication: Publication }> {
  const algorithm = await ds.getRepository(Algorithm).save({
    publicId: newPublicId(),
    organisationId,
    ...completeAlgorithm(overrides),
  } as Partial<Algorithm>);
  const publication = await ds.transaction((em) =>
    publications.publish(em, {
      algorithm,
      origin: options.origin ?? 'workflow',
      summary: options.summary ?? null,
      publishedAt: options.publishedAt,
    }),
  );
  return { algorithm, publication };
}

/** A change to a published algorithm, published again as a new version. */
export async function republish(
  ds: DataSource,
  publications: PublicationService,
  algorithm: Algorithm,
  changes: Partial<Algorithm>,
): Promise<Publication> {
  await ds.getRepository(Algorithm).update({ id: algorithm.id }, changes);
  const fresh = await ds.getRepository(Algorithm).findOneByOrFail({ id: algorithm.id });
  return ds.transaction((em) => publications.publish(em, { algorithm: fresh, origin: 'workflow' }));
}

/**
 * The index of the current version that the register's pages search (RegisterService keeps its
 * own, privately): for tests that change what it holds in memory.
 */
export function currentRegisterIndex(register: RegisterService): Promise<FacetIndex> {
  return (register as unknown as { index: RegisterSearchIndex }).index.current();
}
