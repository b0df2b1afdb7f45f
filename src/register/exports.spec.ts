import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { invalidFields, SCHEMA_MAX_LENGTH, standardExport, validatesAsStandard } from './exports';
import { REQUIRED_KEYS } from '../algorithms/publicatiestandaard';

const SCHEMA_FILE = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'publicatiestandaard-v1.0.schema.json',
);

function complete(overrides: Record<string, string | string[]> = {}) {
  const record: Record<string, string | string[]> = {};
  for (const key of REQUIRED_KEYS) record[key] = key === 'theme' ? ['Natuur en milieu'] : 'x';
  return { ...record, ...overrides };
}

describe('standardExport', () => {
  it('adds nothing to an entry that validates', () => {
    const record = complete({ name: 'n'.repeat(99) });
    expect(standardExport(record)).toEqual(record);
    expect(validatesAsStandard(record)).toBe(true);
  });

  it('marks a value over the schema limit in invalid_fields, whole, and as not valid', () => {
    const name = 'n'.repeat(100);
    const out = standardExport(complete({ name }));
    expect(out.name).toBe(name);
    expect(out.invalid_fields).toEqual(['name']);
    expect(out.missing_required).toBeUndefined();
    expect(validatesAsStandard(complete({ name }))).toBe(false);
  });

  it('counts characters as the schema does (code points), not UTF-16 units', () => {
    expect(invalidFields(complete({ name: '😀'.repeat(99) }))).toEqual([]);
  });

  it('carries both marks when an entry is incomplete and too long', () => {
    const out = standardExport({ name: 'n'.repeat(100), status: 'In gebruik' });
    expect(out.invalid_fields).toEqual(['name']);
    expect(out.missing_required).toContain('description_short');
  });

  it('knows every text limit of the national schema', () => {
    if (!existsSync(SCHEMA_FILE)) {
      console.warn(`${SCHEMA_FILE} is absent: the limits are not compared with the schema`);
      return;
    }
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      properties: Record<string, { maxLength?: number }>;
    };
    const limits = Object.fromEntries(
      Object.entries(schema.properties)
        .filter(([, p]) => typeof p.maxLength === 'number')
        .map(([key, p]) => [key, p.maxLength]),
    );
    expect(SCHEMA_MAX_LENGTH).toEqual(limits);
  });
});
