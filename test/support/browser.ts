import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { TEST_PASSWORD } from './factories';

/**
 * A browser stand-in: keeps cookies, and posts forms as a browser would, with the page's CSRF
 * token and this site's Origin.
 */
export class Browser {
  readonly agent: TestAgent;

  constructor(private readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  get(path: string) {
    return this.agent.get(path).set('accept', 'text/html');
  }

  /** The CSRF token of a page that has a form (the login page for visitors, the dashboard when logged in). */
  async csrfToken(path?: string): Promise<string> {
    const res = await this.get(path ?? '/login').redirects(1);
    const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
    if (!match) throw new Error(`No CSRF token on ${path ?? '/login'} (status ${res.status})`);
    return match[1];
  }

  async post(path: string, fields: Record<string, string | string[]> = {}, tokenFrom?: string) {
    const token = await this.csrfToken(tokenFrom);
    return this.agent
      .post(path)
      .set('accept', 'text/html')
      .set('origin', this.baseUrl)
      .type('form')
      .send({ ...fields, _csrf: token });
  }

  async login(email: string, password = TEST_PASSWORD) {
    return this.post('/login', { email, password });
  }

  sessionCookie(): string | undefined {
    const jar = (
      this.agent as unknown as {
        jar: { getCookie(name: string, access: object): { value: string } | undefined };
      }
    ).jar;
    const { hostname } = new URL(this.baseUrl);
    return jar.getCookie('waarborg_session', {
      domain: hostname,
      path: '/',
      secure: false,
      script: false,
    })?.value;
  }
}
