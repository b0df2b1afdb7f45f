import { Role } from '../src/accounts/role';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('Admin page for checklist templates', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the template files and installs one, which becomes active', async () => {
    const org = await makeOrganisation(t.dataSource);
    const admin = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    const b = new Browser(t.url);
    await b.login(admin.email);
    const page = await b.get('/admin/checklists').expect(200);
    const file = /name="file" value="([^"]+)"/.exec(page.text)?.[1];
    expect(file).toMatch(/\.v\d+\.json$/);
    const res = await b.post('/admin/checklists/install', { file: file! }, '/admin/checklists');
    expect(res.status).toBe(303);
    const after = await b.get('/admin/checklists').expect(200);
    expect(after.text).toContain('is geïnstalleerd');
    const [installed] = await t.dataSource.getRepository(ChecklistTemplate).find();
    expect(installed).toMatchObject({ active: true, sourceFile: file });
  });

  it('refuses a file name that is not a template file', async () => {
    const org = await makeOrganisation(t.dataSource);
    const admin = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    const b = new Browser(t.url);
    await b.login(admin.email);
    const res = await b.post(
      '/admin/checklists/install',
      { file: '../../package.json' },
      '/admin/checklists',
    );
    expect(res.status).toBe(400);
  });

  it('answers an invalid template through the API with TEMPLATE_INVALID and the problem at its path, in the caller’s language', async () => {
    const org = await makeOrganisation(t.dataSource);
    const admin = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    const api = await apiClientFor(t.dataSource, t.url, admin);
    const broken = fixtureTemplate(7) as unknown as { sections: { id: string }[] };
    broken.sections[1].id = broken.sections[0].id;
    const nl = await api.post('/api/v1/checklists', broken).expect(400);
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
    const en = await api
      .post('/api/v1/checklists', broken)
      .set('accept-language', 'en')
      .expect(400);
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
