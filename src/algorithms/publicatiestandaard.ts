/**
 * The public fields of Publicatiestandaard v1.0 of the national Algoritmeregister, as Waarborg
 * stores them. `key` is the schema's English key (used in exports), `maxLength` the schema's limit
 * (one less than the register's input form allows, so that whatever we store also validates).
 */
export const ALGORITHM_STATUSES = ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'] as const;
export type AlgorithmStatus = (typeof ALGORITHM_STATUSES)[number];

/** Stored as the letter; exported with the schema's full label. */
export const PUBLICATION_CATEGORIES = ['A', 'B', 'C'] as const;
export type PublicationCategory = (typeof PUBLICATION_CATEGORIES)[number];
export const PUBLICATION_CATEGORY_LABELS: Record<PublicationCategory, string> = {
  A: 'Hoog-risico AI-systeem (Categorie A)',
  B: 'Impactvolle algoritmes (Categorie B)',
  C: 'Overige algoritmes (Categorie C)',
};

export const THEMES = [
  'Organisatie en bedrijfsvoering',
  'Cultuur en recreatie',
  'Economie',
  'Overheidsfinanciën',
  'Wonen',
  'Internationaal',
  'Migratie en integratie',
  'Natuur en milieu',
  'Onderwijs en wetenschap',
  'Openbare orde en veiligheid',
  'Recht',
  'Ruimte en infrastructuur',
  'Sociale zekerheid',
  'Verkeer',
  'Werk',
  'Zorg en gezondheid',
] as const;

export type FieldGroup = 'general' | 'responsible_use' | 'operation' | 'metadata';
export type FieldKind = 'text' | 'longtext' | 'url' | 'month' | 'status' | 'category' | 'themes';

export interface StandardField {
  /** Schema key, as in the export. */
  key: string;
  /** Entity property. */
  property: string;
  group: FieldGroup;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
}

export const STANDARD_FIELDS: readonly StandardField[] = [
  { key: 'name', property: 'name', group: 'general', kind: 'text', required: true, maxLength: 99 },
  {
    key: 'description_short',
    property: 'descriptionShort',
    group: 'general',
    kind: 'longtext',
    required: true,
    maxLength: 399,
  },
  { key: 'theme', property: 'themes', group: 'general', kind: 'themes', required: true },
  { key: 'status', property: 'status', group: 'general', kind: 'status', required: true },
  { key: 'start_date', property: 'startDate', group: 'general', kind: 'month', required: true },
  { key: 'end_date', property: 'endDate', group: 'general', kind: 'month', required: false },
  {
    key: 'contact',
    property: 'contact',
    group: 'general',
    kind: 'text',
    required: true,
    maxLength: 500,
  },
  { key: 'link', property: 'link', group: 'general', kind: 'url', required: false, maxLength: 500 },
  {
    key: 'publication_category',
    property: 'publicationCategory',
    group: 'general',
    kind: 'category',
    required: true,
  },
  {
    key: 'source_link',
    property: 'sourceLink',
    group: 'general',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'purpose_and_impact',
    property: 'purposeAndImpact',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'considerations',
    property: 'considerations',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'human_intervention',
    property: 'humanIntervention',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'risk_management',
    property: 'riskManagement',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'legal_basis',
    property: 'legalBasis',
    group: 'responsible_use',
    kind: 'longtext',
    required: false,
    maxLength: 2499,
  },
  {
    key: 'legal_basis_link',
    property: 'legalBasisLink',
    group: 'responsible_use',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'legal_basis_title',
    property: 'legalBasisTitle',
    group: 'responsible_use',
    kind: 'text',
    required: false,
    maxLength: 99,
  },
  {
    key: 'processing_register_link',
    property: 'processingRegisterLink',
    group: 'responsible_use',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'impact_assessments',
    property: 'impactAssessments',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'impact_assessment_link',
    property: 'impactAssessmentLink',
    group: 'responsible_use',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'impact_assessment_explanation',
    property: 'impactAssessmentExplanation',
    group: 'responsible_use',
    kind: 'longtext',
    required: false,
    maxLength: 2499,
  },
  {
    key: 'data',
    property: 'data',
    group: 'operation',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
  },
  {
    key: 'data_source_link',
    property: 'dataSourceLink',
    group: 'operation',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'data_source_title',
    property: 'dataSourceTitle',
    group: 'operation',
    kind: 'text',
    required: false,
    maxLength: 499,
  },
  {
    key: 'technical_operation',
    property: 'technicalOperation',
    group: 'operation',
    kind: 'longtext',
    required: true,
    maxLength: 4999,
  },
  {
    key: 'supplier',
    property: 'supplier',
    group: 'operation',
    kind: 'text',
    required: true,
    maxLength: 199,
  },
  {
    key: 'source_code_link',
    property: 'sourceCodeLink',
    group: 'operation',
    kind: 'url',
    required: false,
    maxLength: 500,
  },
  {
    key: 'source_id',
    property: 'sourceId',
    group: 'metadata',
    kind: 'text',
    required: false,
    maxLength: 100,
  },
  {
    key: 'search_terms',
    property: 'searchTerms',
    group: 'metadata',
    kind: 'longtext',
    required: false,
    maxLength: 2499,
  },
];

/** An entry in the JSON of Publicatiestandaard v1.0, English key set. */
export type StandardRecord = Record<string, string | string[]>;

export const STANDARD_LANGUAGE = 'nld';
export const STANDARD_SCHEMA_VERSION = '1.0.0';

/**
 * The entry as the national register's standard writes it: schema keys, the organisation's name,
 * the category's full label, language and schema version. Empty fields are left out, never
 * invented.
 */
export function toStandardRecord(algorithm: object, organisationName: string): StandardRecord {
  const source = algorithm as Record<string, unknown>;
  const record: StandardRecord = {};
  for (const field of STANDARD_FIELDS) {
    const value = source[field.property];
    if (value === null || value === undefined || value === '') continue;
    if (field.kind === 'themes') {
      if (Array.isArray(value) && value.length > 0) record[field.key] = value.map(String);
    } else if (field.kind === 'category') {
      record[field.key] = PUBLICATION_CATEGORY_LABELS[value as PublicationCategory];
    } else {
      record[field.key] = String(value);
    }
  }
  record.organization = organisationName;
  record.language = STANDARD_LANGUAGE;
  record.schema = STANDARD_SCHEMA_VERSION;
  return record;
}
