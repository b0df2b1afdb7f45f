import { join } from 'node:path';
import { answerOnPath, factsFromPath, WalkError } from './ai-act-walk';
import { replayPath } from './decision-tree-engine';
import { DECISION_TREES_DIR, loadDecisionTreeFile } from './decision-tree-loader';

const { compiled: tree } = loadDecisionTreeFile(
  join(DECISION_TREES_DIR, 'waarborg-ai-verordening.v1.yaml'),
);
const first = tree.questions[0];

function problemOf(act: () => unknown) {
  try {
    act();
  } catch (err) {
    if (err instanceof WalkError) return err.problem;
    throw err;
  }
  throw new Error('no problem');
}

describe('answerOnPath', () => {
  it('takes the question that comes next, and no other', () => {
    const { path, dropped } = answerOnPath(tree, [], first.id, 1);
    expect(path).toEqual([{ questionId: first.id, answer: 1 }]);
    expect(dropped).toBe(0);
    const next = replayPath(tree, path);
    const other = tree.questions.find(
      (q) => q.id !== first.id && next.conclusionId === null && q.id !== next.nextQuestionId,
    )!;
    expect(problemOf(() => answerOnPath(tree, path, other.id, 1))).toMatchObject({
      field: 'questionId',
      key: 'classification.walk.notOnPath',
    });
  });

  it('refuses an id the tree does not have and an answer out of range', () => {
    expect(problemOf(() => answerOnPath(tree, [], '__proto__', 1))).toMatchObject({
      field: 'questionId',
      key: 'classification.walk.unknownQuestion',
    });
    for (const answer of [0, first.answers.length + 1, 1.5])
      expect(problemOf(() => answerOnPath(tree, [], first.id, answer))).toMatchObject({
        field: 'answer',
        params: { count: first.answers.length },
      });
  });

  it('changing an answer keeps the later ones while they fit and drops the rest', () => {
    let path = answerOnPath(tree, [], first.id, 1).path;
    while (true) {
      const at = replayPath(tree, path);
      if (at.conclusionId !== null) break;
      path = answerOnPath(tree, path, at.nextQuestionId, 1).path;
    }
    // The same answer again changes nothing.
    expect(answerOnPath(tree, path, first.id, 1)).toEqual({ path, dropped: 0 });
    const changed = answerOnPath(tree, path, first.id, 2);
    expect(changed.path[0]).toEqual({ questionId: first.id, answer: 2 });
    expect(changed.path.length + changed.dropped).toBe(path.length);
    expect(() => replayPath(tree, changed.path)).not.toThrow();
  });
});

describe('factsFromPath', () => {
  it('establishes nothing before a conclusion', () => {
    expect(
      factsFromPath({ conclusionId: null, nextQuestionId: '1.2', labels: ['hoog-risico AI'] }),
    ).toEqual({});
  });

  it('reads an AI system, high risk and a prohibited practice from the labels', () => {
    expect(
      factsFromPath({
        conclusionId: 'x',
        labels: ['AI-systeem', 'gebruiksverantwoordelijke', 'hoog-risico AI'],
      }),
    ).toEqual({ ai_system: true, prohibited_practice: false, high_risk: true });
    expect(factsFromPath({ conclusionId: 'x', labels: ['AI-systeem', 'verboden AI'] })).toEqual({
      ai_system: true,
      prohibited_practice: true,
    });
    expect(factsFromPath({ conclusionId: 'x', labels: ['geen algoritme'] })).toEqual({
      ai_system: false,
      prohibited_practice: false,
      high_risk: false,
    });
    // A general-purpose model alone is no AI system, but the tree does not say it is none.
    expect(
      factsFromPath({ conclusionId: 'x', labels: ['AI-model voor algemene doeleinden'] }),
    ).toEqual({});
  });
});
