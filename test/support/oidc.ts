import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './ports';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  /** The issuer as the provider names itself in its discovery document and tokens. */
  issuer: string;
  /** Where it listens (http://127.0.0.1:PORT), which the issuer need not be. */
  url: string;
  /** Who signs in at the provider's next interaction. */
  signInAs(account: string): Promise<void>;
  /** The lifetime of the ID tokens it issues from now on (negative: already expired). */
  idTokenTtl(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TestProviderOptions {
  accounts: Record<string, TestAccount>;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  /** The host the provider calls itself by; another one than it listens on gives a wrong issuer. */
  issuerHost?: string;
}

/** The `oidc-provider` package on a local port, in a child process (test/support/oidc-provider.mjs). */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_SETTINGS: JSON.stringify({
        issuer,
        port,
        clientId: options.clientId ?? 'waarborg',
        clientSecret: options.clientSecret ?? 'a-client-secret-for-tests-only',
        redirectUris: options.redirectUris,
        accounts: options.accounts,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test provider exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', () => resolve());
  });
  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`test provider ${path}: ${res.status}`);
  };
  return {
    issuer,
    url,
    signInAs: (account) => control('/__test/login', { account }),
    idTokenTtl: (ttl) => control('/__test/id-token', { ttl }),
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

/** Cookies per site, as a browser keeps them (enough for these two sites). */
class CookieJar {
  private readonly sites = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.sites.get(url.origin) ?? new Map<string, string>())]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  take(url: URL, response: Response): void {
    const site = this.sites.get(url.origin) ?? new Map<string, string>();
    this.sites.set(url.origin, site);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const gone = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (gone) site.delete(name);
      else site.set(name, pair.slice(at + 1).trim());
    }
  }
}

export interface SignInResult {
  /** The app's last answer: 303 to the dashboard when signed in, or a refusal page. */
  status: number;
  location: string | null;
  body: string;
  /** The URL the provider sent the person back to, to try it a second time. */
  callbackUrl: string | null;
  /** GET a path of the app with this browser's cookies. */
  get(path: string): Promise<Response>;
}

/**
 * What a browser does on "Log in with your organisation's account": to the app, on to the
 * provider (which signs in whoever the test chose), back to the app's callback.
 */
export async function signInThroughProvider(
  appUrl: string,
  organisationSlug: string,
  jar = new CookieJar(),
): Promise<SignInResult> {
  const app = new URL(appUrl);
  const get = async (target: URL) => {
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { cookie: jar.header(target), 'accept-language': 'nl' },
    });
    jar.take(target, response);
    return response;
  };
  let target = new URL(`/login/sso/${organisationSlug}`, app);
  let callbackUrl: string | null = null;
  for (let hop = 0; hop < 10; hop++) {
    const response = await get(target);
    const location = response.headers.get('location');
    const backAtApp = target.origin === app.origin && hop > 0;
    if (backAtApp || !location || (target.origin === app.origin && response.status !== 303)) {
      return {
        status: response.status,
        location,
        body: await response.text(),
        callbackUrl,
        get: (path) => get(new URL(path, app)),
      };
    }
    await response.arrayBuffer();
    target = new URL(location, target);
    if (target.origin === app.origin) callbackUrl = target.href;
  }
  throw new Error('too many redirects');
}

export { CookieJar };
