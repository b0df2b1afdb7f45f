import { API_RATE_LIMIT } from '../src/common/http/api-throttler.guard';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The general API rate limit (the throttler named `api`): the work API keeps it, the register's
 * open data is exempt, as docs/register.md promises link checkers and bulk users.
 */
describe('API rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** The statuses of `count` GETs from one address, in order; injected, so no sockets are used. */
  async function statuses(count: number, path: (i: number) => string): Promise<number[]> {
    const fastify = t.app.getHttpAdapter().getInstance();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fastify.inject({
        method: 'GET',
        url: path(i),
        headers: { accept: 'application/json' },
        remoteAddress: '192.0.2.10',
      });
      out.push(res.statusCode);
    }
    return out;
  }

  it('answers every register API call past the limit, each a search the cache has not seen', async () => {
    // Distinct URLs, so no answer comes from the page cache, which answers before any guard.
    const answers = await statuses(API_RATE_LIMIT.limit + 5, (i) => `/api/v1/register?q=w${i}`);
    expect(answers.filter((s) => s !== 200)).toEqual([]);
  });

  it('still refuses the work API past the limit with 429', async () => {
    const answers = await statuses(API_RATE_LIMIT.limit + 1, () => '/api/v1/me');
    expect(answers.slice(0, API_RATE_LIMIT.limit).filter((s) => s === 429)).toEqual([]);
    expect(answers[API_RATE_LIMIT.limit]).toBe(429);
  });
});
