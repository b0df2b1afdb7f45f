import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { getMetadataArgsStorage } from 'typeorm';
import { RegisterFieldsDto } from '../assessments/dto/register-fields.dto';
import { PROJECT_ROOT } from '../common/project-root';
import { hasMessage } from '../i18n/i18n';
import { readImportFile } from '../import/import-formats';
import { SCHEMA_MAX_LENGTH } from '../register/exports';
import { Algorithm } from './entities/algorithm.entity';
import {
  ALGORITHM_STATUSES,
  missingRequiredFields,
  PUBLICATION_CATEGORY_LABELS,
  RECORD_FIELDS,
  REQUIRED_KEYS,
  STANDARD_FIELDS,
  STATUS_CODES,
  statusCode,
  statusOfCode,
  toStandardRecord,
} from './publicatiestandaard';

const SCHEMA_FILE = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'publicatiestandaard-v1.0.schema.json',
);
const HAVE_SCHEMA = existsSync(SCHEMA_FILE);
if (!HAVE_SCHEMA) console.warn(`${SCHEMA_FILE} is absent: the definition is not compared with it`);
const withSchema = HAVE_SCHEMA ? it : it.skip;

interface SchemaProperty {
  maxLength?: number;
  enum?: string[];
}
const schema = () =>
  JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
    required: string[];
    properties: Record<string, SchemaProperty>;
  };

const DEFINED = [...STANDARD_FIELDS, ...RECORD_FIELDS];

const FORM_RULES = getMetadataStorage().getTargetValidationMetadatas(
  RegisterFieldsDto,
  '',
  true,
  false,
);

/** The arguments of one class-validator rule on a DTO property, or undefined without it. */
function rule(property: string, name: string): unknown[] | undefined {
  return FORM_RULES.find((m) => m.propertyName === property && m.name === name)?.constraints;
}

function column(property: string) {
  return getMetadataArgsStorage().columns.find(
    (c) => c.target === Algorithm && c.propertyName === property,
  )!.options;
}

describe('the definition of Publicatiestandaard v1.0', () => {
  withSchema('defines every field of the schema once, and nothing else', () => {
    const keys = DEFINED.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(schema().properties).sort());
  });

  withSchema('requires what the schema requires', () => {
    expect([...REQUIRED_KEYS].sort()).toEqual([...schema().required].sort());
    for (const field of DEFINED)
      expect([field.key, field.required]).toEqual([
        field.key,
        schema().required.includes(field.key),
      ]);
  });

  withSchema('has the schema’s maxLength wherever the schema sets one', () => {
    const { properties } = schema();
    for (const field of DEFINED) {
      const limit = properties[field.key].maxLength;
      expect([field.key, field.schemaLimit ? field.maxLength : undefined]).toEqual([
        field.key,
        limit,
      ]);
    }
    expect(Object.keys(SCHEMA_MAX_LENGTH).sort()).toEqual(
      Object.entries(properties)
        .filter(([, p]) => p.maxLength !== undefined)
        .map(([key]) => key)
        .sort(),
    );
  });

  withSchema('knows the statuses and categories of the schema', () => {
    const { properties } = schema();
    expect([...ALGORITHM_STATUSES]).toEqual(properties.status.enum);
    expect(Object.values(PUBLICATION_CATEGORY_LABELS)).toEqual(
      properties.publication_category.enum,
    );
  });

  it('gives each status one code, used in URLs and message keys', () => {
    expect(STATUS_CODES).toEqual(['in-ontwikkeling', 'in-gebruik', 'buiten-gebruik']);
    for (const status of ALGORITHM_STATUSES) {
      const code = statusCode(status)!;
      expect(statusOfCode(code)).toBe(status);
      expect([
        hasMessage('nl', `register.status.${code}`),
        hasMessage('en', `register.status.${code}`),
      ]).toEqual([true, true]);
    }
    expect(statusCode('in gebruik')).toBeUndefined();
    expect(statusCode('constructor')).toBeUndefined();
  });
});

describe('what is derived from the definition', () => {
  it('gives the form rules the workflow’s limit of every text and web address', () => {
    const inForm = STANDARD_FIELDS.filter((f) =>
      FORM_RULES.some((m) => m.propertyName === f.property),
    );
    expect(inForm.length).toBeGreaterThan(20);
    for (const field of inForm) {
      const max = field.maxLength === undefined ? undefined : [field.maxLength];
      expect([field.property, rule(field.property, 'maxLength')]).toEqual([field.property, max]);
    }
    expect(rule('name', 'minLength')).toEqual([1]);
    expect(rule('contact', 'minLength')).toBeUndefined();
  });

  it('sizes every column for the longest value any path stores', () => {
    for (const field of STANDARD_FIELDS) {
      const options = column(field.property);
      const longest = field.importMaxLength ?? field.maxLength;
      if (longest === undefined) continue;
      if (options.type === 'text') expect([field.key, longest > 500]).toEqual([field.key, true]);
      else expect([field.key, Number(options.length)]).toEqual([field.key, longest]);
    }
    expect(column('name')).toMatchObject({ type: 'varchar', length: 100, nullable: false });
    expect(column('contact')).toMatchObject({ nullable: true });
  });

  it('imports every text up to its limit and refuses one character more', async () => {
    // source_id is the entry's id, which `id` gives here.
    const texts = STANDARD_FIELDS.filter(
      (f) => (f.kind === 'text' || f.kind === 'longtext') && f.key !== 'source_id',
    );
    const entry = (extra: number) =>
      Object.fromEntries([
        ['id', 'x'],
        ['status', 'In gebruik'],
        ['organization', 'Gemeente X'],
        ...texts.map((f) => [f.key, 'a'.repeat((f.importMaxLength ?? f.maxLength!) + extra)]),
      ]);
    const fits = await readImportFile({ bytes: Buffer.from(JSON.stringify(entry(0))) });
    expect(fits.problems).toEqual([]);
    const over = await readImportFile({ bytes: Buffer.from(JSON.stringify(entry(1))) });
    expect(over.problems.map((p) => p.field).sort()).toEqual(texts.map((f) => f.key).sort());
  });

  it('lists the required fields an entry leaves empty, by schema key', () => {
    expect(missingRequiredFields({})).toEqual(REQUIRED_KEYS);
    const record = toStandardRecord(
      { name: 'Parkeren', descriptionShort: '', themes: [], status: 'In gebruik' },
      'Gemeente X',
    );
    const missing = missingRequiredFields(record);
    expect(missing).toContain('description_short');
    expect(missing).toContain('theme');
    expect(missing).not.toContain('name');
    expect(missing).not.toContain('organization');
    expect(missing).not.toContain('language');
  });
});
