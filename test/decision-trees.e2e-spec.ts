import request from 'supertest';
import { stringify } from 'yaml';
import { Role } from '../src/accounts/role';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { DecisionTreesService } from '../src/classification/decision-trees.service';
import { parseDecisionTree } from '../src/classification/decision-tree-loader';
import { DecisionTree } from '../src/classification/entities/decision-tree.entity';
import { operatorContext } from '../src/common/request-context';
import { Browser } from './support/browser';
import { smallTree } from './support/decision-trees';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const OWN = 'waarborg-ai-verordening@1.0.0';

describe('Decision trees', () => {
  let t: TestApp;
  let trees: DecisionTreesService;
  const evaluate = (body: object, lang?: string) => {
    const req = request(t.url).post('/api/v1/ai-act/evaluate');
    if (lang) void req.set('accept-language', lang);
    return req.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp();
    trees = t.app.get(DecisionTreesService);
  });
  afterAll(() => t.close());

  async function admin() {
    const org = await makeOrganisation(t.dataSource);
    const user = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    const b = new Browser(t.url);
    await b.login(user.email);
    return { b, user };
  }

  it('answers the evaluation with 409 while no tree is active', async () => {
    const res = await evaluate({ answers: [] }, 'en').expect(409);
    expect(res.body).toMatchObject({
      code: 'CONFLICT',
      message: 'No decision tree is active yet. Ask the administrator to install one.',
    });
  });

  it('installs the shipped tree from the admin page; the first one installed becomes active', async () => {
    const { b, user } = await admin();
    const page = await b.get('/admin/decision-trees').expect(200);
    expect(page.text).toContain('waarborg-ai-verordening.v1.yaml');
    const res = await b.post(
      '/admin/decision-trees/install',
      { file: 'waarborg-ai-verordening.v1.yaml' },
      '/admin/decision-trees',
    );
    expect(res.status).toBe(303);
    const after = await b.get('/admin/decision-trees').expect(200);
    expect(after.text).toContain('waarborg-ai-verordening versie 1.0.0 is geïnstalleerd.');
    expect(after.text).toContain('22 vragen, 50 conclusies, 3140 antwoordpaden');
    const [tree] = await t.dataSource.getRepository(DecisionTree).find();
    expect(tree).toMatchObject({
      key: 'waarborg-ai-verordening',
      version: '1.0.0',
      active: true,
      installedById: user.id,
      sourceFile: 'waarborg-ai-verordening.v1.yaml',
    });
    const events = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { objectType: 'decision_tree' }, order: { seq: 'ASC' } });
    expect(events.map((e) => [e.action, e.actorUserId])).toEqual([
      ['decision_tree.install', user.id],
      ['decision_tree.activate', user.id],
    ]);
  });

  it('refuses a file name that is not a shipped tree file, and is closed to other roles', async () => {
    const { b } = await admin();
    const res = await b.post(
      '/admin/decision-trees/install',
      { file: '../../package.json' },
      '/admin/decision-trees',
    );
    expect(res.status).toBe(400);
    const org = await makeOrganisation(t.dataSource);
    const secretary = await makeUser(t.dataSource, { roles: [[org, Role.Secretary]] });
    const other = new Browser(t.url);
    await other.login(secretary.email);
    expect((await other.get('/admin/decision-trees')).status).toBe(403);
  });

  it('shows a version’s texts through the allow-list: markup kept, scripts and script links shown as text', async () => {
    const { tree } = await trees.install(
      operatorContext(),
      parseDecisionTree(stringify(smallTree('1.0.0')), 'klein.yaml'),
      'klein.yaml',
    );
    expect(tree.active).toBe(false);
    const { b } = await admin();
    const page = await b.get(`/admin/decision-trees/${tree.id}`).expect(200);
    expect(page.text).toContain('<strong>Let op</strong>');
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('javascript:');
    expect(page.text).toContain('href="https://example.org/bron"');
  });

  it('refuses other content under a version that is installed', async () => {
    const changed = { ...smallTree('1.0.0'), name: 'Waarborg AI-verordening' };
    await expect(
      trees.install(operatorContext(), parseDecisionTree(stringify(changed), 'x.yaml'), 'x.yaml'),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'classification.tree.versionChanged' });
  });

  it('moves to a higher version of the active tree, and lets an admin activate another', async () => {
    const own = (await t.dataSource.getRepository(DecisionTree).findOneByOrFail({ active: true }))
      .content;
    const higher = await trees.install(
      operatorContext(),
      parseDecisionTree(stringify({ ...own, version: '1.10.0' }), 'own.yaml'),
      'own.yaml',
    );
    expect(higher).toMatchObject({ installed: true, activated: true });
    const lower = await trees.install(
      operatorContext(),
      parseDecisionTree(stringify({ ...own, version: '1.9.0' }), 'own.yaml'),
      'own.yaml',
    );
    expect(lower).toMatchObject({ installed: true, activated: false });
    const other = await trees.install(
      operatorContext(),
      parseDecisionTree(stringify(smallTree('2.0.0')), 'klein.yaml'),
      'klein.yaml',
    );
    expect(other).toMatchObject({ installed: true, activated: false });

    const { b, user } = await admin();
    const res = await b.post(
      `/admin/decision-trees/${other.tree.id}/activate`,
      {},
      '/admin/decision-trees',
    );
    expect(res.status).toBe(303);
    const active = await t.dataSource.getRepository(DecisionTree).findBy({ active: true });
    expect(active.map((x) => `${x.key}@${x.version}`)).toEqual(['kleine-boom@2.0.0']);
    const [event] = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { action: 'decision_tree.activate' }, order: { seq: 'DESC' }, take: 1 });
    expect(event).toMatchObject({
      actorUserId: user.id,
      objectId: String(other.tree.id),
      details: { key: 'kleine-boom', version: '2.0.0', previous: 'waarborg-ai-verordening@1.10.0' },
    });
  });

  describe('evaluation API', () => {
    it('replays on the active tree without a login, or on the version named', async () => {
      expect(
        (await evaluate({ answers: [{ questionId: 'a', answer: 1 }] }).expect(200)).body,
      ).toEqual({
        tree: 'kleine-boom@2.0.0',
        conclusionId: null,
        nextQuestionId: 'b',
        labels: ['ja'],
      });
      const res = await evaluate({
        tree: OWN,
        answers: [
          { questionId: '1.1', answer: 1 },
          { questionId: '1.2', answer: 3 },
          { questionId: '1.3', answer: 1 },
          { questionId: '1.4.1', answer: 2 },
          { questionId: '1.4.2', answer: 3 },
        ],
      }).expect(200);
      expect(res.body).toEqual({
        tree: OWN,
        conclusionId: '11.1',
        labels: ['aanbieder', 'gebruiksverantwoordelijke', 'in gebruik'],
      });
      // A version of an installed tree that is not installed itself, asked for after the tree's
      // other versions were compiled: named, not answered from another version.
      expect(
        (await evaluate({ tree: 'kleine-boom@9.0.0', answers: [] }, 'en').expect(400)).body.details,
      ).toEqual([
        {
          field: 'tree',
          code: 'classification.evaluate.unknownTree',
          message: 'tree: no decision tree kleine-boom@9.0.0 is installed',
        },
      ]);
    });

    it('names the step that does not fit, in the caller’s language', async () => {
      const outOfRange = {
        tree: OWN,
        answers: [
          { questionId: '1.1', answer: 1 },
          { questionId: '1.2', answer: 10 },
        ],
      };
      expect((await evaluate(outOfRange).expect(400)).body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'De invoer is niet geldig.',
        details: [
          {
            field: 'answers.1.answer',
            code: 'classification.evaluate.answerOutOfRange',
            message: 'answers.1.answer: vraag 1.2 heeft 9 antwoorden',
          },
        ],
      });
      const detail = async (body: object) =>
        (await evaluate(body, 'en').expect(400)).body.details[0] as {
          field: string;
          message: string;
        };
      expect(await detail(outOfRange)).toEqual(
        expect.objectContaining({ message: 'answers.1.answer: question 1.2 has 9 answers' }),
      );
      expect(await detail({ tree: OWN, answers: [{ questionId: '7.7', answer: 1 }] })).toEqual({
        field: 'answers.0.questionId',
        code: 'classification.evaluate.unknownQuestion',
        message: 'answers.0.questionId: question 7.7 does not exist in this decision tree',
      });
      expect(
        await detail({
          tree: OWN,
          answers: [
            { questionId: '1.1', answer: 1 },
            { questionId: '1.3', answer: 1 },
          ],
        }),
      ).toMatchObject({
        field: 'answers.1.questionId',
        message: 'answers.1.questionId: question 1.2 comes here, not question 1.3',
      });
      expect(
        await detail({
          tree: OWN,
          answers: [
            { questionId: '1.1', answer: 2 },
            { questionId: '1.2', answer: 1 },
          ],
        }),
      ).toMatchObject({
        field: 'answers.1',
        message: 'answers.1: the path had already ended in conclusion 11.0',
      });
      expect(await detail({ tree: 'onbekend@1.0.0', answers: [] })).toMatchObject({
        field: 'tree',
        message: 'tree: no decision tree onbekend@1.0.0 is installed',
      });
    });

    it('refuses a body that is not a path, field by field', async () => {
      const fields = async (body: unknown) =>
        (
          (await evaluate(body as object).expect(400)).body.details as {
            field: string;
            code: string;
          }[]
        ).map((d) => `${d.field}:${d.code}`);
      expect(await fields({ answers: [{ questionId: '1.1', answer: 0 }] })).toEqual([
        'answers.0.answer:min',
      ]);
      expect(await fields({ answers: [{ questionId: '1.1', answer: '1' }] })).toContain(
        'answers.0.answer:isInt',
      );
      expect(await fields({ answers: [{ questionId: 1.1, answer: 1 }] })).toContain(
        'answers.0.questionId:isString',
      );
      expect(await fields({ answers: [], extra: true })).toEqual(['extra:whitelistValidation']);
      expect(await fields({ tree: 'Beslishulp', answers: [] })).toEqual(['tree:matches']);
      expect(await fields({})).toContain('answers:isArray');
      const long = Array.from({ length: 201 }, () => ({ questionId: '1.1', answer: 1 }));
      expect(await fields({ answers: long })).toEqual(['answers:arrayMaxSize']);
    });

    it('is described in OpenAPI with its full request schema', async () => {
      const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as {
        paths: Record<
          string,
          { post?: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
        >;
        components: {
          schemas: Record<
            string,
            { required?: string[]; properties: Record<string, Record<string, unknown>> }
          >;
        };
      };
      const body =
        doc.paths['/api/v1/ai-act/evaluate'].post!.requestBody.content['application/json'];
      const schema = doc.components.schemas[body.schema.$ref.split('/').pop()!];
      expect(schema.required).toEqual(['answers']);
      expect(schema.properties.tree).toMatchObject({ type: 'string', pattern: expect.any(String) });
      expect(schema.properties.answers).toMatchObject({ type: 'array', maxItems: 200 });
      const step =
        doc.components.schemas[
          (schema.properties.answers.items as { $ref: string }).$ref.split('/').pop()!
        ];
      expect(step.required).toEqual(['questionId', 'answer']);
      expect(step.properties.answer).toMatchObject({ type: 'integer', minimum: 1 });
      expect(step.properties.questionId).toMatchObject({ type: 'string' });
    });
  });
});
