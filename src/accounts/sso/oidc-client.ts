import * as oidc from 'openid-client';
import type { IdentityProvider } from './entities/identity-provider.entity';

// A provider's discovery document and keys change rarely; fetching them for every sign-in would
// make each one wait for two extra requests to the provider.
const KEEP_MS = 10 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A provider on this machine (a test, a local proxy): the only one reachable over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

const configurations = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

/**
 * The client configuration for one provider, from its discovery document (which must name the
 * configured issuer exactly). Only a provider on this machine may be reached over plain HTTP:
 * anything else must use HTTPS, whatever an admin typed.
 */
export function providerConfiguration(
  provider: IdentityProvider,
  clientSecret: string,
): Promise<oidc.Configuration> {
  const key = `${provider.id}:${provider.updatedAt.getTime()}`;
  const kept = configurations.get(key);
  if (kept && Date.now() - kept.at < KEEP_MS) return kept.config;
  const issuer = new URL(provider.issuer);
  const config = oidc.discovery(
    issuer,
    provider.clientId,
    clientSecret,
    undefined,
    isLoopbackHost(issuer.hostname) ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  configurations.set(key, { at: Date.now(), config });
  // A provider that was down must be asked again next time, not remembered as down.
  config.catch(() => configurations.delete(key));
  return config;
}

export { oidc };
