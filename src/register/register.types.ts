import type { ConditionState } from '../assessments/entities/condition.entity';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import type { AssessmentSummary } from '../publications/assessment-summary';
import type { NationalListing, PublicState } from '../publications/entities/publication.entity';

/** What the register's read model gives its pages, API and exports (register.service.ts). */

/**
 * What a result card shows of an entry: the list pages read only this (a third less of each row
 * to read and decode than a whole RegisterItem).
 */
export interface RegisterCard {
  publicId: string;
  slug: string;
  name: string;
  /**
   * What the entry's result card says under its name: the short description, or the beginning of
   * the purpose when there is none; at most 300 characters (register-projection.ts cardText).
   */
  cardText: string;
  organisation: { id: number; name: string; slug: string };
  status: string;
  publicationCategory: string | null;
  assessmentOutcome: string;
  origin: string;
  complete: boolean;
  lastChangedAt: Date;
}

export interface RegisterItem extends RegisterCard {
  descriptionShort: string;
  riskClass: string | null;
  themes: string[];
  firstPublishedAt: Date;
  versions: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface RegisterFacets {
  organisation: FacetValue[];
  status: FacetValue[];
  category: FacetValue[];
  theme: FacetValue[];
  risk: FacetValue[];
  outcome: FacetValue[];
}

export interface RegisterResult<T extends RegisterCard = RegisterItem> {
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  items: T[];
  facets: RegisterFacets;
  /** The words searched for, for highlighting. */
  tokens: string[];
}

export interface PublishedVersion {
  number: number;
  publishedAt: Date;
  origin: string;
}

/**
 * A condition as the public sees it, live: open, reported (its owner says it is fulfilled, not yet
 * checked) or verified, and overdue when past its due date and not verified.
 */
export interface PublicCondition {
  description: string;
  dueDate: string;
  state: ConditionState;
  overdue: boolean;
  reportedAt: Date | null;
  verifiedAt: Date | null;
}

export interface RegisterEntry {
  item: RegisterItem;
  publicationNumber: number;
  publishedAt: Date;
  /** The entry's life as this version carries it: published, reassessment_due or retired. */
  lifecycle: PublicState;
  record: StandardRecord;
  summary: AssessmentSummary | null;
  /** For an entry imported from the national register's listing: its id and flag there. */
  nationalListing: NationalListing | null;
  missingRequired: string[];
  conditions: PublicCondition[];
  history: PublishedVersion[];
}
