import { classifyProblem } from './connection-check';

const fetchFailed = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('classifyProblem', () => {
  it.each([
    [{ code: 'OAUTH_TIMEOUT' }, 'timeout'],
    [{ code: 'OAUTH_RESPONSE_IS_NOT_CONFORM' }, 'not_discovery'],
    [{ code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' }, 'wrong_issuer'],
    [fetchFailed('ENOTFOUND'), 'unreachable'],
    [fetchFailed('ECONNREFUSED'), 'unreachable'],
    [fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [new Error('anything else'), 'other'],
  ])('reads %o as %s', (err, problem) => {
    expect(classifyProblem(err)).toBe(problem);
  });

  it('finds the network’s reason under openid-client’s own wrapper', () => {
    const wrapped = new Error('something went wrong', { cause: fetchFailed('ECONNREFUSED') });
    expect(classifyProblem(wrapped)).toBe('unreachable');
  });
});
