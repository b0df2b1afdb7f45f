import { stringify } from 'yaml';
import { replayPath, StepError, StepProblem } from './decision-tree-engine';
import { parseDecisionTree } from './decision-tree-loader';

const q = (id: string, answers: object[]) => ({
  questionId: id,
  question: id,
  explanation: '',
  category: 'test',
  subcategory: 'Test',
  answers,
});

/** Labels gather over two questions; the redirects of 2.1 depend on them, first match first. */
const compiled = parseDecisionTree(
  stringify({
    name: 'Replay',
    version: '1.0.0',
    questions: [
      q('1.1', [
        { answer: 'Maker', labels: ['aanbieder'], nextQuestionId: '1.2' },
        { answer: 'Beide', labels: ['aanbieder', 'gebruiker'], nextQuestionId: '1.2' },
        { answer: 'Geen', nextConclusionId: 'niets' },
      ]),
      q('1.2', [
        { answer: 'Ja', labels: ['gebruiker', 'hoog'], nextQuestionId: '2.1' },
        { answer: 'Nee', nextQuestionId: '2.1' },
      ]),
      q('2.1', [
        {
          answer: 'Verder',
          redirects: [
            { if: '"aanbieder" in labels && "gebruiker" in labels', nextConclusionId: 'beide' },
            { if: '"aanbieder" in labels', nextConclusionId: 'maker' },
          ],
        },
      ]),
    ],
    conclusions: ['niets', 'beide', 'maker'].map((id) => ({
      conclusionId: id,
      conclusion: id,
      obligation: '',
    })),
  }),
  'replay.yaml',
).compiled;

function refusal(path: { questionId: string; answer: number }[]): StepProblem {
  try {
    replayPath(compiled, path);
  } catch (err) {
    if (err instanceof StepError) return err.detail;
    throw err;
  }
  throw new Error('the path was accepted');
}

describe('replaying a path', () => {
  it('ends in the conclusion with the labels gathered, each once and in the order given', () => {
    expect(
      replayPath(compiled, [
        { questionId: '1.1', answer: 1 },
        { questionId: '1.2', answer: 1 },
        { questionId: '2.1', answer: 1 },
      ]),
    ).toEqual({ conclusionId: 'beide', labels: ['aanbieder', 'gebruiker', 'hoog'] });
    expect(
      replayPath(compiled, [
        { questionId: '1.1', answer: 2 },
        { questionId: '1.2', answer: 1 },
        { questionId: '2.1', answer: 1 },
      ]),
    ).toEqual({ conclusionId: 'beide', labels: ['aanbieder', 'gebruiker', 'hoog'] });
  });

  it('takes the first redirect whose condition holds', () => {
    expect(
      replayPath(compiled, [
        { questionId: '1.1', answer: 1 },
        { questionId: '1.2', answer: 2 },
        { questionId: '2.1', answer: 1 },
      ]),
    ).toEqual({ conclusionId: 'maker', labels: ['aanbieder'] });
  });

  it('names the next question of a path that stops before a conclusion', () => {
    expect(replayPath(compiled, [])).toEqual({
      conclusionId: null,
      nextQuestionId: '1.1',
      labels: [],
    });
    expect(replayPath(compiled, [{ questionId: '1.1', answer: 1 }])).toEqual({
      conclusionId: null,
      nextQuestionId: '1.2',
      labels: ['aanbieder'],
    });
  });

  it('ends a path with an answer that leads straight to a conclusion', () => {
    expect(replayPath(compiled, [{ questionId: '1.1', answer: 3 }])).toEqual({
      conclusionId: 'niets',
      labels: [],
    });
  });

  it('refuses an answer position the question does not have', () => {
    for (const answer of [0, 3, 1.5, -1])
      expect(
        refusal([
          { questionId: '1.1', answer: 1 },
          { questionId: '1.2', answer },
        ]),
      ).toEqual({ step: 1, problem: 'answerOutOfRange', questionId: '1.2', count: 2 });
  });

  it('refuses a question the tree does not have, and one out of order', () => {
    expect(refusal([{ questionId: '9.9', answer: 1 }])).toEqual({
      step: 0,
      problem: 'unknownQuestion',
      questionId: '9.9',
    });
    expect(
      refusal([
        { questionId: '1.1', answer: 1 },
        { questionId: '2.1', answer: 1 },
      ]),
    ).toEqual({ step: 1, problem: 'outOfOrder', questionId: '2.1', expected: '1.2' });
  });

  it('refuses an answer after the path reached its conclusion', () => {
    expect(
      refusal([
        { questionId: '1.1', answer: 3 },
        { questionId: '1.2', answer: 1 },
      ]),
    ).toEqual({ step: 1, problem: 'afterConclusion', conclusionId: 'niets' });
  });
});
