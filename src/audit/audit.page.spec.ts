import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlebars, VIEWS_DIR } from '../common/views/view-engine';
import { auditPageModel, pageSearch, utcTime } from './audit.page';
import { AuditListing } from './audit-trail.service';
import { AuditEvent } from './entities/audit-event.entity';

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return Object.assign(new AuditEvent(), {
    seq: 1,
    occurredAt: new Date('2026-03-01T23:30:05.250Z'),
    actorUserId: null,
    actorRole: null,
    organisationId: 1,
    action: 'auth.login',
    objectType: 'session',
    objectId: null,
    result: 'success',
    address: null,
    details: null,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    ...overrides,
  });
}

const listing = (
  events: AuditEvent[],
  page = 1,
  hasNext = false,
  manyOrganisations = false,
): AuditListing => ({
  events,
  actors: new Map([[7, { name: 'Alice <Admin>', email: 'alice@example.org' }]]),
  organisations: new Map([[1, 'Gemeente Eén']]),
  manyOrganisations,
  page,
  hasNext,
});

const render = (page: object, lang: 'nl' | 'en' = 'nl') =>
  createHandlebars().compile(readFileSync(join(VIEWS_DIR, 'audit', 'index.hbs'), 'utf8'))({
    page,
    lang,
  });

describe('audit page model', () => {
  it('shows times in UTC to the second', () => {
    expect(utcTime(new Date('2026-03-01T23:30:05.250Z'))).toBe('2026-03-01 23:30:05');
  });

  it('keeps the filters in the links to other pages and leaves out page 1', () => {
    expect(pageSearch({ action: 'auth', result: 'failure' }, 2)).toBe(
      '?action=auth&result=failure&page=2',
    );
    expect(pageSearch({ action: 'auth', page: 2 }, 1)).toBe('?action=auth');
    expect(pageSearch({}, 1)).toBe('');
  });

  it('links to the previous and next page only when they exist', () => {
    const first = auditPageModel(listing([event({})], 1, true), {});
    expect([first.prev, first.next, first.paginated]).toEqual([
      undefined,
      { search: '?page=2' },
      true,
    ]);
    const last = auditPageModel(listing([event({})], 2, false), { page: 2 });
    expect([last.prev, last.next]).toEqual([{ search: '' }, undefined]);
    expect(auditPageModel(listing([], 1, false), {}).paginated).toBe(false);
  });

  it('names known actors and roles, and marks removed ones', () => {
    const [known, removed, nobody] = auditPageModel(
      listing([
        event({ seq: 3, actorUserId: 7, actorRole: 'admin' }),
        event({ seq: 2, actorUserId: 8, actorRole: 'system' }),
        event({ seq: 1, objectType: 'user', objectId: '12' }),
      ]),
      {},
    ).rows;
    expect(known).toMatchObject({ actor: { name: 'Alice <Admin>' }, roleKey: 'audit.roles.admin' });
    expect(removed).toMatchObject({ actor: undefined, removedActorId: 8, role: 'system' });
    expect(nobody).toMatchObject({
      actor: undefined,
      removedActorId: undefined,
      object: 'user 12',
    });
  });
});

describe('the organisation of each event', () => {
  it('is named, or marked as the instance’s, for a viewer who reads several organisations', () => {
    const model = auditPageModel(
      listing(
        [event({ seq: 2, organisationId: 1 }), event({ seq: 1, organisationId: null })],
        1,
        false,
        true,
      ),
      {},
    );
    expect(model.showOrganisation).toBe(true);
    expect(model.rows.map((r) => r.organisation)).toEqual(['Gemeente Eén', undefined]);
    const html = render(model, 'en');
    expect(html).toContain('<th class="utrecht-table__header-cell" scope="col">Organisation</th>');
    expect(html).toContain('Gemeente Eén');
    expect(html).toContain('None (the instance)');
  });

  it('is left out for a viewer of one organisation', () => {
    const html = render(auditPageModel(listing([event({})]), {}), 'en');
    expect(html).not.toContain('>Organisation</th>');
  });

  it('names the operator as a role', () => {
    const [row] = auditPageModel(listing([event({ actorRole: 'operator' })]), {}).rows;
    expect(row.roleKey).toBe('audit.roles.operator');
  });
});

describe('audit page template', () => {
  const model = auditPageModel(
    listing([event({ seq: 2, actorUserId: 7, actorRole: 'admin', address: '192.0.2.1' })], 2, true),
    { action: 'auth', result: 'success', page: 2 },
  );

  it('labels every form field and captions the table', () => {
    const html = render(model);
    const ids = [...html.matchAll(/<(?:input|select)[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(html).toContain(`<label class="utrecht-form-label" for="${id}">`);
    expect(html).toMatch(
      /<caption class="utrecht-table__caption"[^>]*>Gebeurtenissen, nieuwste eerst, pagina 2<\/caption>/,
    );
    expect(html).toContain('<form method="get" action="/audit">');
  });

  it('fills in the current filters and escapes what people entered', () => {
    const html = render(model);
    expect(html).toContain('name="action" value="auth"');
    expect(html).toContain('<option value="success" selected>Gelukt</option>');
    expect(html).toContain('Alice &lt;Admin&gt;');
    expect(html).not.toContain('<Admin>');
  });

  it('links to the neighbouring pages in the page language, keeping the filters', () => {
    const html = render(model, 'en');
    expect(html).toContain(
      'href="/en/audit?action&#x3D;auth&amp;result&#x3D;success">Previous page',
    );
    expect(html).toContain(
      'href="/en/audit?action&#x3D;auth&amp;result&#x3D;success&amp;page&#x3D;3"',
    );
    expect(html).toContain('Events, newest first, page 2');
  });

  it('uses no message key that is missing', () => {
    for (const lang of ['nl', 'en'] as const)
      expect(render(model, lang)).not.toMatch(/audit\.[a-z]/);
  });
});
