import { DomainError } from './errors/domain-error';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const meta = { type: 'query' as const, data: 'from' };

  it('passes whole numbers from 1', () => {
    expect(pipe.transform('42', meta)).toBe(42);
  });

  it('passes the largest id it allows', () => {
    expect(pipe.transform('9'.repeat(15), meta)).toBe(999_999_999_999_999);
  });

  it('refuses what Number() would read as 1 but is not written as an id', () => {
    for (const bad of ['0x1', '1e0', '+1', ' 1', '1 ', '1.0', '01', '1\n', '１']) {
      expect(() => pipe.transform(bad, meta)).toThrow(DomainError);
    }
  });

  it('refuses anything else, naming the parameter', () => {
    for (const bad of [
      'abc',
      '0',
      '-1',
      '1.5',
      '',
      '1e3',
      '9'.repeat(16),
      '9'.repeat(20),
      undefined,
      1,
    ]) {
      try {
        pipe.transform(bad, meta);
        throw new Error(`accepted ${bad}`);
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).details).toEqual([{ field: 'from', key: 'validation.id' }]);
      }
    }
  });
});
