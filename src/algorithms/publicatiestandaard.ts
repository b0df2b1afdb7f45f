/**
 * The public fields of Publicatiestandaard v1.0 of the national Algoritmeregister, as Waarborg
 * stores them: the one definition of each field. The DTOs, the entity's columns, the import's
 * checks, the exports' limits and the list of missing required fields are all derived from it;
 * publicatiestandaard.spec.ts compares it with the schema itself.
 */

/**
 * The statuses of the standard, each with the code that stands for it in URLs
 * (`/register?status=in-gebruik`) and in message keys (`register.status.in-gebruik`).
 */
const STATUS_CODE = {
  'In ontwikkeling': 'in-ontwikkeling',
  'In gebruik': 'in-gebruik',
  'Buiten gebruik': 'buiten-gebruik',
} as const;
export type AlgorithmStatus = keyof typeof STATUS_CODE;
export type StatusCode = (typeof STATUS_CODE)[AlgorithmStatus];
export const ALGORITHM_STATUSES = Object.keys(STATUS_CODE) as readonly AlgorithmStatus[];
export const STATUS_CODES = Object.values(STATUS_CODE) as readonly StatusCode[];

/** The code of a status, or undefined for a value that is not one of the standard's. */
export function statusCode(status: string): StatusCode | undefined {
  return Object.hasOwn(STATUS_CODE, status) ? STATUS_CODE[status as AlgorithmStatus] : undefined;
}

export function statusOfCode(code: StatusCode): AlgorithmStatus {
  return ALGORITHM_STATUSES.find((status) => STATUS_CODE[status] === code)!;
}

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

/** A month as the standard writes start and end dates. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A field of the schema, by its key. */
export interface SchemaField {
  /** Schema key, as in the export. */
  key: string;
  required: boolean;
  /**
   * The longest value Waarborg takes, in characters: the schema's `maxLength` where `schemaLimit`
   * says so, else Waarborg's own (web addresses, contact, ids and some long texts have none in the
   * schema), so that every form and column still has one.
   */
  maxLength?: number;
  /** maxLength is the schema's: a longer value does not validate as the standard. */
  schemaLimit?: true;
}

/** A field of the schema that the algorithm stores. */
export interface StandardField extends SchemaField {
  /** Entity property. */
  property: string;
  group: FieldGroup;
  kind: FieldKind;
  /**
   * Where an import takes more than maxLength: the national input form allows titles of 100
   * characters (the schema 99), and five entries of the national listing use all 100. Cutting them
   * would change what the organisation published, so they are imported whole; the exports mark
   * them in `invalid_fields`. The workflow keeps maxLength.
   */
  importMaxLength?: number;
  /** Every algorithm has a value from its creation on, which is never emptied (NOT NULL). */
  alwaysSet?: true;
}

export const STANDARD_FIELDS: readonly StandardField[] = [
  {
    key: 'name',
    property: 'name',
    group: 'general',
    kind: 'text',
    required: true,
    maxLength: 99,
    schemaLimit: true,
    importMaxLength: 100,
    alwaysSet: true,
  },
  {
    key: 'description_short',
    property: 'descriptionShort',
    group: 'general',
    kind: 'longtext',
    required: true,
    maxLength: 399,
    schemaLimit: true,
    alwaysSet: true,
  },
  {
    key: 'theme',
    property: 'themes',
    group: 'general',
    kind: 'themes',
    required: true,
    alwaysSet: true,
  },
  {
    key: 'status',
    property: 'status',
    group: 'general',
    kind: 'status',
    required: true,
    alwaysSet: true,
  },
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
    schemaLimit: true,
  },
  {
    key: 'considerations',
    property: 'considerations',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
    schemaLimit: true,
  },
  {
    key: 'human_intervention',
    property: 'humanIntervention',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
    schemaLimit: true,
  },
  {
    key: 'risk_management',
    property: 'riskManagement',
    group: 'responsible_use',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
    schemaLimit: true,
  },
  {
    key: 'legal_basis',
    property: 'legalBasis',
    group: 'responsible_use',
    kind: 'longtext',
    required: false,
    maxLength: 2499,
    schemaLimit: true,
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
    schemaLimit: true,
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
    schemaLimit: true,
  },
  {
    key: 'data',
    property: 'data',
    group: 'operation',
    kind: 'longtext',
    required: true,
    maxLength: 2499,
    schemaLimit: true,
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
    schemaLimit: true,
  },
  {
    key: 'technical_operation',
    property: 'technicalOperation',
    group: 'operation',
    kind: 'longtext',
    required: true,
    maxLength: 4999,
    schemaLimit: true,
  },
  {
    key: 'supplier',
    property: 'supplier',
    group: 'operation',
    kind: 'text',
    required: true,
    maxLength: 199,
    schemaLimit: true,
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

/** The field of an entity property; an unknown property is a programming error. */
export function standardField(property: string): StandardField {
  const field = STANDARD_FIELDS.find((f) => f.property === property);
  if (!field) throw new Error(`${property} is not a field of Publicatiestandaard v1.0`);
  return field;
}

/** The longest organisation name: the schema's limit for `organization`. */
export const ORGANISATION_NAME_MAX = 99;

/**
 * The schema's fields that the algorithm does not store: toStandardRecord fills them in from the
 * organisation and the version of the standard.
 */
export const RECORD_FIELDS: readonly SchemaField[] = [
  { key: 'organization', required: true, maxLength: ORGANISATION_NAME_MAX, schemaLimit: true },
  { key: 'language', required: true },
  { key: 'schema', required: true },
];

/** The schema keys of the fields the standard requires: the algorithm's, then the record's. */
export const REQUIRED_KEYS: readonly string[] = [...STANDARD_FIELDS, ...RECORD_FIELDS]
  .filter((f) => f.required)
  .map((f) => f.key);

/**
 * The schema keys of the required fields that an entry in schema keys (a StandardRecord) leaves
 * empty; none means it is complete.
 */
export function missingRequiredFields(values: object): string[] {
  const record = values as Record<string, unknown>;
  return REQUIRED_KEYS.filter((key) => isEmpty(record[key]));
}

/** The same, for an algorithm row (keyed by property): which required fields it still lacks. */
export function missingRequiredProperties(algorithm: object): string[] {
  const row = algorithm as Record<string, unknown>;
  return STANDARD_FIELDS.filter((f) => f.required && isEmpty(row[f.property])).map((f) => f.key);
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

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
    if (isEmpty(value)) continue;
    if (field.kind === 'themes') {
      if (Array.isArray(value)) record[field.key] = value.map(String);
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
