import { isLoopbackHost, oidc } from './oidc-client';

/** What an admin reads when the provider's discovery document could not be used. */
export type ConnectionProblem =
  'unreachable' | 'timeout' | 'tls' | 'not_discovery' | 'wrong_issuer' | 'other';

export type ConnectionCheck =
  | { ok: true; authorizationEndpoint: string; tokenEndpoint: string }
  | { ok: false; problem: ConnectionProblem; detail: string };

/** Seconds an admin waits for the answer; a sign-in itself waits openid-client's default. */
export const CHECK_TIMEOUT_S = 5;

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The error and its causes, outermost first: openid-client and Node's fetch each wrap the reason. */
function causeChain(err: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown }[] = [];
  for (
    let e = err;
    e && typeof e === 'object' && chain.length < 5;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e as { code?: unknown; message?: unknown });
  return chain;
}

/** Node's fetch reports the network's reason as the cause of a TypeError "fetch failed". */
function networkCode(err: unknown): string | undefined {
  return causeChain(err)
    .map((e) => e.code)
    .find((code): code is string => typeof code === 'string' && !code.startsWith('OAUTH_'));
}

/** The kind of failure, from openid-client's codes and Node's network errors. */
export function classifyProblem(err: unknown): ConnectionProblem {
  const code = (err as { code?: unknown }).code;
  if (code === 'OAUTH_TIMEOUT') return 'timeout';
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return 'wrong_issuer';
  const network = networkCode(err);
  if (network && UNREACHABLE.has(network)) return 'unreachable';
  if (network && /CERT|TLS|SSL|SELF_SIGNED|VERIFY/.test(network)) return 'tls';
  if (typeof code === 'string' && code.startsWith('OAUTH_')) return 'not_discovery';
  return 'other';
}

/**
 * Fetches the provider's discovery document now, bypassing the copy kept for sign-ins, so that an
 * admin sees the provider as it answers at this moment. Reads only: nothing is stored or sent
 * besides the request for the public document.
 */
export async function checkConnection(issuer: string, clientId: string): Promise<ConnectionCheck> {
  const url = new URL(issuer);
  try {
    const config = await oidc.discovery(url, clientId, undefined, oidc.None(), {
      timeout: CHECK_TIMEOUT_S,
      ...(isLoopbackHost(url.hostname) ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    const meta = config.serverMetadata();
    return {
      ok: true,
      authorizationEndpoint: meta.authorization_endpoint ?? '',
      tokenEndpoint: meta.token_endpoint ?? '',
    };
  } catch (err) {
    const detail = causeChain(err)
      .map((e) => e.message)
      .filter((m): m is string => typeof m === 'string' && m !== '')
      .join(': ');
    return { ok: false, problem: classifyProblem(err), detail: detail.slice(0, 300) };
  }
}
