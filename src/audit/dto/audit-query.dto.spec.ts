import { DomainError } from '../../common/errors/domain-error';
import { createValidationPipe } from '../../common/validation';
import { AuditQueryDto } from './audit-query.dto';

/** The query string as the global pipe turns it into the DTO, or the fields it refuses. */
async function parse(query: Record<string, unknown>): Promise<AuditQueryDto | string[]> {
  try {
    const dto: unknown = await createValidationPipe().transform(query, {
      type: 'query',
      metatype: AuditQueryDto,
    });
    return dto as AuditQueryDto;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return (err.details as { field: string }[]).map((d) => d.field);
  }
}

describe('AuditQueryDto', () => {
  it('takes the empty fields of a submitted filter form as no filter', async () => {
    const dto = await parse({
      action: '',
      objectType: ' ',
      result: '',
      actor: '',
      from: '',
      to: '',
      page: '',
    });
    expect(dto).toBeInstanceOf(AuditQueryDto);
    expect(Object.values(dto).filter((v) => v !== undefined)).toEqual([]);
  });

  it('accepts a full filter and turns the page into a number', async () => {
    const dto = await parse({
      action: ' Auth.Login ',
      objectType: 'user',
      result: 'refused',
      actor: 'Alice@Example.org',
      from: '2026-02-01',
      to: '2026-02-28',
      page: '3',
    });
    expect(dto).toMatchObject({
      action: 'auth.login',
      objectType: 'user',
      result: 'refused',
      actor: 'alice@example.org',
      from: '2026-02-01',
      to: '2026-02-28',
      page: 3,
    });
  });

  it.each([
    ['action', 'auth login'],
    ['action', 'a'.repeat(61)],
    ['objectType', 'o'.repeat(41)],
    ['result', 'maybe'],
    ['actor', 'not-an-address'],
    ['from', '2026-02-30'],
    ['from', '01-02-2026'],
    ['to', '2026-02-01T10:00:00Z'],
    ['page', '0'],
    ['page', '1.5'],
    ['page', 'two'],
    ['page', '10001'],
    ['page', ['1', '2']],
  ])('refuses %s = %j and names that field', async (field, value) => {
    expect(await parse({ [field]: value })).toContain(field);
  });

  it('refuses a field it does not know', async () => {
    expect(await parse({ sort: 'seq' })).toEqual(['sort']);
  });
});
