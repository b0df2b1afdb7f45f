import { DomainError } from './errors/domain-error';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const meta = { type: 'query' as const, data: 'from' };

  it('passes whole numbers from 1', () => {
    expect(pipe.transform('42', meta)).toBe(42);
  });

  it('refuses anything else, naming the parameter', () => {
    for (const bad of ['abc', '0', '-1', '1.5', '', '1e3', '9'.repeat(20)]) {
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
