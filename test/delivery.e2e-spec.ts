import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { makeOrganisation } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { PublicationService } from '../src/publications/publication.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What a browser on a slow connection gets: compressed answers, stylesheets under hashed names
 * cached for a year, and the files asked for by fixed names. Sizes and speed are measured by
 * `npm run bench` and `npm run lighthouse`, not here.
 */
describe('Delivery: compression, hashed static files and cache headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const organisation = await makeOrganisation(t.dataSource, 'Gemeente Leveringstest');
    for (let i = 0; i < 3; i++)
      await publishAlgorithm(t.dataSource, t.app.get(PublicationService), organisation.id, {
        name: `Parkeervergunningen toekennen ${i}`,
        descriptionShort: 'Beoordeelt aanvragen voor een parkeervergunning. '.repeat(8),
      });
    // An organisation name with a curly apostrophe (U+2019), as in ’s-Hertogenbosch.
    const other = await makeOrganisation(t.dataSource, 'Gemeente ’s-Leveringstest');
    await publishAlgorithm(t.dataSource, t.app.get(PublicationService), other.id, {
      name: 'Parkeervergunningen verlengen',
    });
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  const decoded = (res: LightMyRequestResponse): string => {
    const encoding = res.headers['content-encoding'];
    if (encoding === 'br') return brotliDecompressSync(res.rawPayload).toString();
    if (encoding === 'gzip') return gunzipSync(res.rawPayload).toString();
    return res.payload;
  };

  it.each([
    ['/register', 'br', /text\/html/],
    ['/register', 'gzip', /text\/html/],
    ['/organisaties', 'br', /text\/html/],
    ['/api/v1/register', 'br', /application\/json/],
    ['/api/v1/register.csv', 'gzip', /text\/csv/],
    ['/register/feed.atom', 'br', /application\/atom\+xml/],
  ])('compresses %s with %s, the first time and from the cache', async (url, encoding, type) => {
    // The cache keeps a page from its second asking, so the third is answered from it.
    for (let i = 0; i < 3; i++) {
      const res = await get(url, { 'accept-encoding': `${encoding}, identity` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(decoded(res)).toMatch(/Parkeervergunningen toekennen|Gemeente Leveringstest/);
    }
  });

  it('sends a page as its UTF-8 bytes, counted right, with characters beyond Latin-1', async () => {
    // Made, kept, then answered from the cache: each time the same bytes.
    for (let i = 0; i < 3; i++) {
      const res = await get('/register?q=parkeervergunningen', { 'accept-encoding': 'identity' });
      expect(res.statusCode).toBe(200);
      // The organisation's name as it is (U+2019, three bytes in UTF-8); the cards' own texts
      // write such characters as references (highlight), here the ellipsis of a cut description.
      expect(res.payload).toContain('Gemeente ’s-Leveringstest');
      expect(res.payload).toContain('voor een parkeervergunning.&#8230;');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.payload));
      expect(res.rawPayload.equals(Buffer.from(res.payload))).toBe(true);
    }
  });

  it('sends the page as it is to a client that accepts no compression', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await get('/register', { 'accept-encoding': 'br;q=0, gzip;q=0' });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.payload).toContain('Parkeervergunningen toekennen');
    }
  });

  it('links stylesheets and icon under content-hashed names, cached for a year', async () => {
    const page = decoded(await get('/register'));
    const links = [...page.matchAll(/<link rel="(?:stylesheet|icon)" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(links).toHaveLength(3);
    for (const href of links) {
      expect(href).toMatch(/^\/static\/[\w/-]+\.[0-9a-f]{12}\.(css|ico)$/);
      const res = await get(href, { 'accept-encoding': 'br' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      if (href.endsWith('.css')) expect(res.headers['content-encoding']).toBe('br');
    }
    const css = decoded(await get(links[0], { 'accept-encoding': 'br' }));
    // Kept because the views use them, one of them only through a template's value.
    expect(css).toContain('.utrecht-skip-link');
    expect(css).toContain('.utrecht-alert--warning');
    // Left out because no view uses it.
    expect(css).not.toContain('.utrecht-calendar');
  });

  it('serves no file beside the built ones under /static/', async () => {
    expect((await get('/static/manifest.json')).statusCode).toBe(404);
    expect((await get('/static/nlds/utrecht/index.css')).statusCode).toBe(404);
  });

  it('answers /favicon.ico and /robots.txt, cached for a day', async () => {
    const icon = await get('/favicon.ico');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/x-icon');
    expect(icon.rawPayload.readUInt16LE(2)).toBe(1);
    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    expect(robots.payload).toContain('Disallow: /register?');
    for (const res of [icon, robots])
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
  });
});
