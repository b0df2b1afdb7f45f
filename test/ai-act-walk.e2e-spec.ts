import { DataSource } from 'typeorm';
import { stringify } from 'yaml';
import { Role } from '../src/accounts/role';
import { AiActAnswer } from '../src/assessments/entities/ai-act-answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Instrument } from '../src/assessments/entities/instrument.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { Review } from '../src/reviews/entities/review.entity';
import {
  compileTree,
  follow,
  CompiledTree,
  PathStep,
} from '../src/classification/decision-tree-engine';
import { requirementsForLabels } from '../src/classification/algoritmekader';
import { parseDecisionTree } from '../src/classification/decision-tree-loader';
import { DecisionTreesService } from '../src/classification/decision-trees.service';
import { operatorContext } from '../src/common/request-context';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { smallTree } from './support/decision-trees';
import { makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** The first path of the tree (depth first) whose conclusion's labels satisfy `wanted`. */
function pathTo(tree: CompiledTree, wanted: (labels: Set<string>) => boolean): PathStep[] {
  const walk = (index: number, labels: Set<string>, path: PathStep[]): PathStep[] | null => {
    const q = tree.questions[index];
    for (const [i, answer] of q.answers.entries()) {
      const next = new Set([...labels, ...answer.labels]);
      const to = follow(answer, next);
      const step = [...path, { questionId: q.id, answer: i + 1 }];
      if (!to) continue;
      if (to.kind === 'conclusion') {
        if (wanted(next)) return step;
      } else {
        const found = walk(to.index, next, step);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(0, new Set(), [])!;
}

describe('The proposer answers the AI Act decision tree', () => {
  let t: TestApp;
  let ds: DataSource;
  let tree: CompiledTree;
  let treeId: number;
  let orgId: number;
  let proposer: ApiClient;
  let secretary: ApiClient;
  let reviewerIds: number[];
  const as: Record<string, Browser> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    const org = await makeOrganisation(ds);
    const other = await makeOrganisation(ds);
    orgId = org.id;
    await offerTemplate(t, fixtureTemplate(1), org, other);
    const trees = t.app.get(DecisionTreesService);
    const installed = await trees.installFile(operatorContext(), 'waarborg-ai-verordening.v1.yaml');
    tree = compileTree(installed.tree.content);
    treeId = installed.tree.id;
    const person = async (key: string, roles: [typeof org, Role][]) => {
      const user = await makeUser(ds, { name: key, email: `${key}@walk.example`, roles });
      as[key] = new Browser(t.url);
      await as[key].login(user.email);
      return apiClientFor(ds, t.url, user);
    };
    proposer = await person('proposer', [[org, Role.Proposer]]);
    reviewerIds = [];
    for (const n of ['reviewer', 'reviewer2', 'reviewer3'])
      reviewerIds.push((await person(n, [[org, Role.Reviewer]])).user.id);
    secretary = await person('secretary', [[org, Role.Secretary]]);
    await person('stranger', [[other, Role.Proposer]]);
  });
  afterAll(() => t.close());

  async function propose(): Promise<number> {
    const created = await proposer
      .post('/api/v1/algorithms', { organisationId: orgId, ...REGISTER_FIELDS })
      .expect(201);
    return created.body.id as number;
  }
  const version = async (id: number) =>
    String((await ds.getRepository(Assessment).findOneByOrFail({ id })).version);
  const stored = async (id: number) =>
    (
      await ds
        .getRepository(AiActAnswer)
        .find({ where: { assessmentId: id }, order: { step: 'ASC' } })
    ).map((r) => ({ questionId: r.questionId, answer: r.answer }));
  async function answer(who: string, id: number, step: PathStep, expected = 303) {
    const res = await as[who].post(`/assessments/${id}/ai-act`, {
      version: await version(id),
      questionId: step.questionId,
      answer: String(step.answer),
    });
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 1500)}`);
    return res;
  }

  it('asks one question at a time, with its explanation and sources, and pins the tree at the first answer', async () => {
    const id = await propose();
    const first = await as.proposer.get(`/assessments/${id}/ai-act`).expect(200);
    expect(first.text).toContain(`name="questionId" value="${tree.questions[0].id}"`);
    expect(first.text).toContain('type="radio"');
    expect(first.text).not.toContain('<script');
    expect((await ds.getRepository(Assessment).findOneByOrFail({ id })).decisionTreeId).toBeNull();

    const path = pathTo(tree, (l) => l.has('hoog-risico AI') && l.has('gebruiksverantwoordelijke'));
    for (const step of path) await answer('proposer', id, step);
    expect(await stored(id)).toEqual(path);
    const pinned = await ds.getRepository(Assessment).findOneByOrFail({ id });
    expect(pinned.decisionTreeId).not.toBeNull();

    const done = await as.proposer.get(`/assessments/${id}/ai-act`).expect(200);
    expect(done.text).toContain('Hoog-risico AI-systeem');
    expect(done.text).toContain('Gebruiksverantwoordelijke');
    expect(done.text).not.toContain('name="questionId"');
    // The requirements for that profile, with the questions that cite them.
    expect(done.text).toContain('urn:nl:ak:ver:aia-');
    const api = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(api.body.classification.result.labels).toEqual(
      expect.arrayContaining(['hoog-risico AI', 'gebruiksverantwoordelijke']),
    );
    // The tree's labels are a source of the legal facts: a high-risk AI system without an
    // impact assessment cannot be submitted, whatever the checklist says about it.
    await proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: Number(await version(id)),
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    const refused = await proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(422);
    expect(refused.body.code).toBe('LEGAL_FLOOR');
    expect(refused.body.details.floors).toEqual(
      expect.arrayContaining([expect.objectContaining({ floor: 'fria' })]),
    );
    const events = await ds.getRepository(AuditEvent).findBy({
      objectType: 'assessment',
      objectId: String(id),
      action: 'assessment.ai_act_answer',
    });
    expect(events).toHaveLength(path.length);
    // Each event names the conclusion its answer reached: none until the last answer.
    const reached = events
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((e) => (e.details as { conclusionId: string | null }).conclusionId);
    expect(reached).toEqual([
      ...path.slice(1).map(() => null),
      api.body.classification.result.conclusionId,
    ]);
  });

  it('changes an earlier answer, keeps the later ones that still fit and drops the rest, saying so', async () => {
    const id = await propose();
    const path = pathTo(tree, (l) => l.has('hoog-risico AI'));
    for (const step of path) await answer('proposer', id, step);
    const change = await as.proposer.get(
      `/assessments/${id}/ai-act?question=${encodeURIComponent(path[0].questionId)}`,
    );
    expect(change.text).toContain(`name="questionId" value="${path[0].questionId}"`);
    expect(change.text).toMatch(/checked/);
    // Another first answer leads elsewhere: the path after it no longer fits.
    const other = path[0].answer === 1 ? 2 : 1;
    const res = await answer('proposer', id, { questionId: path[0].questionId, answer: other });
    const after = await stored(id);
    expect(after[0]).toEqual({ questionId: path[0].questionId, answer: other });
    expect(after.length).toBeLessThan(path.length);
    const page = await as.proposer.get(res.headers.location).expect(200);
    expect(page.text).toMatch(/paste\(n\) niet meer/);
  });

  it('refuses a crafted question id, a question not on the path and an answer out of range, naming the field', async () => {
    const id = await propose();
    const first = tree.questions[0];
    const unknown = await answer('proposer', id, { questionId: '99.9', answer: 1 }, 400);
    expect(unknown.text).toContain('Deze vraag bestaat niet in de beslishulp.');
    const later = tree.questions[tree.questions.length - 1].id;
    const notNow = await answer('proposer', id, { questionId: later, answer: 1 }, 400);
    expect(notNow.text).toContain('Deze vraag is nu niet aan de beurt.');
    const range = await answer('proposer', id, { questionId: first.id, answer: 99 }, 400);
    expect(range.text).toContain(`Kies een van de ${first.answers.length} antwoorden.`);
    // The form came back whole: the question with its radio buttons.
    expect(range.text).toContain(`name="questionId" value="${first.id}"`);
    expect(await stored(id)).toEqual([]);
  });

  it('lets only the proposers of its organisation answer, and only while it can be written', async () => {
    const id = await propose();
    const step = { questionId: tree.questions[0].id, answer: 1 };
    await answer('stranger', id, step, 404);
    await answer('reviewer', id, step, 403);
    await answer('secretary', id, step, 403);
    expect(await stored(id)).toEqual([]);
    await ds.getRepository(Assessment).update({ id }, { state: 'submitted' });
    const late = await answer('proposer', id, step, 409);
    expect(late.text).toContain('kunnen de antwoorden niet worden gewijzigd');
    expect(await stored(id)).toEqual([]);
  });

  it('replays the stored path on every read, never trusting anything stored beside it', async () => {
    const id = await propose();
    const path = pathTo(
      tree,
      (l) =>
        ![
          'AI-systeem',
          'AI-systeem voor algemene doeleinden',
          'AI-model voor algemene doeleinden',
        ].some((x) => l.has(x)),
    );
    for (const step of path) await answer('proposer', id, step);
    const api = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(api.body.classification.result.conclusionId).toMatch(/^11\./);
    expect(api.body.classification.facts).toMatchObject({ ai_system: false, high_risk: false });
  });

  it('keeps replaying an assessment on the version it was pinned to when an admin activates another', async () => {
    const id = await propose();
    const path = pathTo(tree, (l) => l.has('hoog-risico AI') && l.has('gebruiksverantwoordelijke'));
    await answer('proposer', id, path[0]);
    const other = await t.app
      .get(DecisionTreesService)
      .install(
        operatorContext(),
        parseDecisionTree(stringify(smallTree('1.0.0', 'Andere boom')), 'ander.yaml'),
        'ander.yaml',
        {
          activate: true,
        },
      );
    try {
      expect(other.activated).toBe(true);
      // The other tree knows none of these questions: each answer would be refused on it.
      for (const step of path.slice(1)) await answer('proposer', id, step);
      const api = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
      expect(api.body.classification.tree).toBe('waarborg-ai-verordening@1.0.0');
      expect(api.body.classification.result.labels).toEqual(
        expect.arrayContaining(['hoog-risico AI', 'gebruiksverantwoordelijke']),
      );
      const page = await as.proposer.get(`/assessments/${id}/ai-act`).expect(200);
      expect(page.text).toContain('Hoog-risico AI-systeem');
      expect(page.text).not.toContain('Andere boom');
      // A new assessment starts on the tree that is active now.
      const fresh = await propose();
      const first = await as.proposer.get(`/assessments/${fresh}/ai-act`).expect(200);
      expect(first.text).toContain('name="questionId" value="a"');
      expect(first.text).toContain('Andere boom');
    } finally {
      await t.app.get(DecisionTreesService).activate(operatorContext(), treeId);
    }
  });

  it('publishes how many requirements apply to the profile and how many the checklist addresses', async () => {
    const id = await propose();
    const path = pathTo(tree, (l) => l.has('hoog-risico AI') && l.has('gebruiksverantwoordelijke'));
    for (const step of path) await answer('proposer', id, step);
    await proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: Number(await version(id)),
        answers: {
          ...COMPLETE_ANSWERS,
          'law.ai_system': true,
          'law.high_risk': true,
          'basis.notes': 'Hoog risico.',
        },
      })
      .expect(200);
    const shown = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(shown.body.classification.facts).toMatchObject({ high_risk: true });
    // The commission's part, set up directly: every reviewer approved, the IAMA done.
    await ds.getRepository(Review).insert(
      reviewerIds.map((reviewerId) => ({
        assessmentId: id,
        revision: 1,
        reviewerId,
        decision: 'approve' as const,
        reasoning: 'Akkoord.',
        signedAt: new Date(),
      })),
    );
    await ds.getRepository(Instrument).insert({
      assessmentId: id,
      kind: 'iama',
      status: 'done',
      date: '2026-11-01',
      outcome: 'Geen onevenredige inbreuk.',
      link: 'https://intranet.example/iama.pdf',
    });
    await ds.getRepository(Assessment).update({ id }, { state: 'in_review' });
    // The reviewers see the result, the requirements and the instruments on their screen.
    const screen = await as.reviewer.get(`/assessments/${id}/review`).expect(200);
    for (const shown of [
      'Uitkomst AI-verordening',
      'Hoog-risico AI-systeem',
      'Vereisten uit het Algoritmekader',
      'id="instrument-iama"',
    ])
      expect(screen.text).toContain(shown);
    await secretary
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'approve', reasoning: 'Akkoord.' })
      .expect(200);
    await secretary
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'publish' })
      .expect(200);
    const { algorithmId } = await ds.getRepository(Assessment).findOneByOrFail({ id });
    const publication = await ds.getRepository(Publication).findOneByOrFail({ algorithmId });
    const counts = publication.summary!.requirements!;
    const labels = shown.body.classification.result.labels as string[];
    expect(counts.applicable).toBe(
      requirementsForLabels(labels, { impactful: true }).requirements.length,
    );
    expect(counts.applicable).toBeGreaterThan(0);
    // The fixture cites only aia-00 (prohibited AI), which a high-risk deployer does not get.
    expect(counts.addressed).toBe(0);
  });
});
