import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { ChecklistAdoption } from '../src/checklists/entities/checklist-adoption.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import type { ChecklistTemplateContent } from '../src/checklists/template.types';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** A template that blocks nothing and calls everything minimal: what an insider would install. */
function withoutRules(): ChecklistTemplateContent {
  return {
    ...fixtureTemplate(1),
    key: 'zonder-regels',
    title: { nl: 'Zonder regels', en: 'Without rules' },
    rules: {
      blocking: [],
      riskClass: [{ value: 'minimal' }],
      publicationCategory: [{ value: 'C' }],
      requiredApprovals: [{ value: 1 }],
      reassessmentMonths: [{ value: 60 }],
    },
  };
}

describe('Checklist templates per organisation', () => {
  let t: TestApp;
  let groningen: Organisation;
  let rotterdam: Organisation;
  let shared: ChecklistTemplate;
  let groningenAdmin: ApiClient;
  let groningenProposer: ApiClient;
  let rotterdamAdmin: ApiClient;
  let rotterdamProposer: ApiClient;
  let rotterdamBrowser: Browser;
  let operator: Browser;

  const refusals = () =>
    t.dataSource.getRepository(AuditEvent).find({
      where: { objectType: 'checklist_template', result: 'refused' },
      order: { seq: 'ASC' },
    });
  const templateOf = async (client: ApiClient, organisation: Organisation) => {
    const created = await client
      .post('/api/v1/algorithms', { organisationId: organisation.id, ...REGISTER_FIELDS })
      .expect(201);
    return (await t.dataSource.getRepository(Assessment).findOneByOrFail({ id: created.body.id }))
      .templateId;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    groningen = await makeOrganisation(ds, 'Gemeente Groningen');
    rotterdam = await makeOrganisation(ds, 'Gemeente Rotterdam');
    shared = await offerTemplate(t, fixtureTemplate(1), groningen, rotterdam);
    const client = async (org: Organisation, role: Role) =>
      apiClientFor(ds, t.url, await makeUser(ds, { roles: [[org, role]] }));
    groningenAdmin = await client(groningen, Role.Admin);
    groningenProposer = await client(groningen, Role.Proposer);
    rotterdamAdmin = await client(rotterdam, Role.Admin);
    rotterdamProposer = await client(rotterdam, Role.Proposer);
    rotterdamBrowser = new Browser(t.url);
    await rotterdamBrowser.login(rotterdamAdmin.user.email);
    const operatorUser = await makeUser(ds, { name: 'Beheer Instantie' });
    await ds.getRepository(User).update({ id: operatorUser.id }, { isOperator: true });
    operator = new Browser(t.url);
    await operator.login(operatorUser.email);
  });
  afterAll(() => t.close());

  it('lets Rotterdam’s admin install and adopt a template without any rule, changing nothing for Groningen', async () => {
    const installed = await rotterdamAdmin
      .post(`/api/v1/organisations/${rotterdam.id}/checklists`, withoutRules())
      .expect(201);
    expect(installed.body).toMatchObject({ shared: false, organisationId: rotterdam.id });
    await rotterdamAdmin
      .put(`/api/v1/organisations/${rotterdam.id}/checklist`, { templateId: installed.body.id })
      .expect(200);

    expect(await templateOf(rotterdamProposer, rotterdam)).toBe(installed.body.id);
    expect(await templateOf(groningenProposer, groningen)).toBe(shared.id);
    const adopted = await groningenAdmin
      .get(`/api/v1/organisations/${groningen.id}/checklist`)
      .expect(200);
    expect(adopted.body.template).toMatchObject({ id: shared.id, key: 'test-framework' });

    // Groningen neither sees nor can take Rotterdam's own version.
    const listed = await groningenAdmin.get('/api/v1/checklists').expect(200);
    expect(listed.body.map((x: { id: number }) => x.id)).not.toContain(installed.body.id);
    await groningenAdmin.get(`/api/v1/checklists/${installed.body.id}`).expect(404);
    await groningenAdmin
      .put(`/api/v1/organisations/${groningen.id}/checklist`, { templateId: installed.body.id })
      .expect(404);
    const page = await (async () => {
      const b = new Browser(t.url);
      await b.login(groningenAdmin.user.email);
      return b.get('/admin/checklists').expect(200);
    })();
    expect(page.text).not.toContain('zonder-regels');
    expect(page.text).toContain('In gebruik voor nieuwe voorstellen: Testkader v1, versie 1.');
    expect(
      (
        await t.dataSource.getRepository(ChecklistAdoption).findOneByOrFail({
          organisationId: groningen.id,
        })
      ).templateId,
    ).toBe(shared.id);
  });

  it('refuses Rotterdam’s admin every way into Groningen’s templates or the shared ones, audited, writing nothing', async () => {
    const before = (await refusals()).length;
    const templates = await t.dataSource.getRepository(ChecklistTemplate).count();
    const own = await rotterdamAdmin
      .post(`/api/v1/organisations/${groningen.id}/checklists`, {
        ...withoutRules(),
        key: 'voor-groningen',
      })
      .expect(403);
    expect(own.body).toMatchObject({
      code: 'NOT_ORGANISATION_ADMIN',
      message: expect.stringContaining('alleen haar eigen beheerders'),
    });
    const sharedAttempt = await rotterdamAdmin
      .post('/api/v1/checklists', { ...withoutRules(), key: 'voor-iedereen' })
      .set('accept-language', 'en')
      .expect(403);
    expect(sharedAttempt.body).toMatchObject({
      code: 'OPERATOR_ONLY',
      message: expect.stringContaining('Only the operator of the instance offers a shared'),
    });
    const [rotterdamOwn] = await t.dataSource
      .getRepository(ChecklistTemplate)
      .findBy({ organisationId: rotterdam.id });
    const adopt = await rotterdamAdmin
      .put(`/api/v1/organisations/${groningen.id}/checklist`, { templateId: rotterdamOwn.id })
      .expect(403);
    expect(adopt.body.code).toBe('NOT_ORGANISATION_ADMIN');

    // The same through the page, which shows the refusal on the page itself.
    const viaPage = await rotterdamBrowser.post(
      '/admin/checklists/adopt',
      { organisationId: String(groningen.id), templateId: String(rotterdamOwn.id) },
      '/admin/checklists',
    );
    expect(viaPage.status).toBe(403);
    expect(viaPage.text).toContain('id="error-summary"');
    expect(viaPage.text).toContain('U bent geen beheerder van deze organisatie');
    expect(viaPage.text).toContain('Gemeente Rotterdam');
    const upload = await rotterdamBrowser.agent
      .post('/admin/checklists/upload')
      .set('accept', 'text/html')
      .set('origin', t.url)
      .field('_csrf', await rotterdamBrowser.csrfToken('/admin/checklists'))
      .field('organisationId', String(groningen.id))
      .attach('file', Buffer.from(JSON.stringify({ ...withoutRules(), key: 'via-pagina' })), {
        filename: 'kader.json',
        contentType: 'application/json',
      });
    expect(upload.status).toBe(403);

    expect(await t.dataSource.getRepository(ChecklistTemplate).count()).toBe(templates);
    expect(
      (
        await t.dataSource.getRepository(ChecklistAdoption).findOneByOrFail({
          organisationId: groningen.id,
        })
      ).templateId,
    ).toBe(shared.id);
    const recorded = (await refusals()).slice(before);
    expect(recorded.map((e) => [e.action, (e.details as { code: string }).code])).toEqual([
      ['checklist.install', 'NOT_ORGANISATION_ADMIN'],
      ['checklist.install', 'OPERATOR_ONLY'],
      ['checklist.adopt', 'NOT_ORGANISATION_ADMIN'],
      ['checklist.adopt', 'NOT_ORGANISATION_ADMIN'],
      ['checklist.install', 'NOT_ORGANISATION_ADMIN'],
    ]);
    // Attempts on another organisation are the operator's to read, not Groningen's.
    for (const e of recorded) {
      expect(e).toMatchObject({ actorUserId: rotterdamAdmin.user.id, organisationId: null });
    }
    expect(await verifyAuditChain(t.dataSource)).toMatchObject({ ok: true });
  });

  it('has an admin adopt a version on the page, audited in the organisation’s trail', async () => {
    const v2 = await offerTemplate(t, fixtureTemplate(2, true));
    const groningenBrowser = new Browser(t.url);
    await groningenBrowser.login(groningenAdmin.user.email);
    const page = await groningenBrowser.get('/admin/checklists').expect(200);
    expect(page.text).toContain(`name="templateId" value="${v2.id}"`);
    const res = await groningenBrowser.post(
      '/admin/checklists/adopt',
      { organisationId: String(groningen.id), templateId: String(v2.id) },
      '/admin/checklists',
    );
    expect(res.status).toBe(303);
    const after = await groningenBrowser.get('/admin/checklists').expect(200);
    expect(after.text).toContain(
      'test-framework versie 2 is nu in gebruik voor nieuwe voorstellen.',
    );
    expect(await templateOf(groningenProposer, groningen)).toBe(v2.id);
    expect(await templateOf(rotterdamProposer, rotterdam)).not.toBe(v2.id);
    const [event] = await t.dataSource.getRepository(AuditEvent).find({
      where: { action: 'checklist.adopt', result: 'success', organisationId: groningen.id },
      order: { seq: 'DESC' },
      take: 1,
    });
    expect(event).toMatchObject({ actorUserId: groningenAdmin.user.id, actorRole: 'admin' });
    expect(event.details).toMatchObject({
      key: 'test-framework',
      version: 2,
      shared: true,
      previous: 'test-framework@1',
    });
  });

  it('installs an uploaded template as the organisation’s own, and refuses a bad file beside its field', async () => {
    const send = async (bytes: Buffer) =>
      rotterdamBrowser.agent
        .post('/admin/checklists/upload')
        .set('accept', 'text/html')
        .set('origin', t.url)
        .field('_csrf', await rotterdamBrowser.csrfToken('/admin/checklists'))
        .field('organisationId', String(rotterdam.id))
        .attach('file', bytes, { filename: 'eigen.json', contentType: 'application/json' });
    const ok = await send(
      Buffer.from(JSON.stringify({ ...fixtureTemplate(1), key: 'eigen-kader' })),
    );
    expect(ok.status).toBe(303);
    expect(
      await t.dataSource.getRepository(ChecklistTemplate).findOneByOrFail({ key: 'eigen-kader' }),
    ).toMatchObject({ organisationId: rotterdam.id });

    const broken = await send(Buffer.from('{"key": "kapot"'));
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('href="#field-file"');
    expect(broken.text).toContain('Het bestand is geen geldig toetsingskader');
    expect(broken.text).toMatch(/id="field-file"[^>]*aria-invalid="true"/);
    const tooLarge = await send(Buffer.alloc(1024 * 1024 + 1, 0x20));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('groter dan 1024 kB');
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ key: 'kapot' })).toBe(0);
  });

  it('lets the operator offer a shipped file as a shared version, which no organisation uses until it adopts it', async () => {
    const page = await operator.get('/admin/checklists').expect(200);
    expect(page.text).toContain('Gedeelde kaders');
    const file = /name="file" value="([^"]+)"/.exec(page.text)?.[1];
    expect(file).toMatch(/\.v\d+\.json$/);
    const res = await operator.post(
      '/admin/checklists/install',
      { file: file! },
      '/admin/checklists',
    );
    expect(res.status).toBe(303);
    expect((await operator.get('/admin/checklists').expect(200)).text).toContain(
      'is geïnstalleerd',
    );
    const installed = await t.dataSource
      .getRepository(ChecklistTemplate)
      .findOneByOrFail({ sourceFile: file });
    expect(installed.organisationId).toBeNull();
    expect(
      await t.dataSource.getRepository(ChecklistAdoption).countBy({ templateId: installed.id }),
    ).toBe(0);
    // An admin cannot offer one.
    expect(
      (
        await rotterdamBrowser.post(
          '/admin/checklists/install',
          { file: file! },
          '/admin/checklists',
        )
      ).status,
    ).toBe(403);
  });

  it('refuses a proposal while the organisation has adopted no template, naming the rule', async () => {
    const bare = await makeOrganisation(t.dataSource);
    const proposer = await apiClientFor(
      t.dataSource,
      t.url,
      await makeUser(t.dataSource, { roles: [[bare, Role.Proposer]] }),
    );
    const res = await proposer
      .post('/api/v1/algorithms', { organisationId: bare.id, ...REGISTER_FIELDS })
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'NO_TEMPLATE_ADOPTED',
      message: expect.stringContaining('nog geen toetsingskader gekozen'),
    });
  });

  it('answers an invalid template through the API with TEMPLATE_INVALID and the problem at its path, in the caller’s language', async () => {
    const broken = fixtureTemplate(7) as unknown as { sections: { id: string }[] };
    broken.sections[1].id = broken.sections[0].id;
    const path = `/api/v1/organisations/${rotterdam.id}/checklists`;
    const nl = await rotterdamAdmin.post(path, broken).expect(400);
    expect(nl.body).toEqual({
      statusCode: 400,
      code: 'TEMPLATE_INVALID',
      message: 'Het toetsingskader is niet geldig.',
      details: [
        {
          field: '/sections/1/id',
          code: 'checklist.templateProblem',
          message: `section id "${broken.sections[0].id}" is used twice`,
        },
      ],
    });
    const en = await rotterdamAdmin.post(path, broken).set('accept-language', 'en').expect(400);
    expect(en.body.message).toBe('The assessment framework is not valid.');
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ version: 7 })).toBe(0);
  });

  it('is closed to other roles', async () => {
    const org = await makeOrganisation(t.dataSource);
    const secretary = await makeUser(t.dataSource, { roles: [[org, Role.Secretary]] });
    const b = new Browser(t.url);
    await b.login(secretary.email);
    expect((await b.get('/admin/checklists')).status).toBe(403);
  });
});
