import { stringify } from 'yaml';
import { MAX_TREE_STATES } from './decision-tree-analysis';
import { MAX_TREE_FILE_BYTES, parseDecisionTree } from './decision-tree-loader';
import { DecisionTreeError } from './decision-tree-problem';
import type { DecisionTreeContent } from './decision-tree.types';

const question = (id: string, answers: object[]) => ({
  questionId: id,
  question: `Vraag ${id}?`,
  explanation: '',
  category: 'test',
  subcategory: 'Test',
  answers,
});
const conclusion = (id: string) => ({
  conclusionId: id,
  conclusion: `Conclusie ${id}`,
  obligation: '',
});

/**
 * A small tree in the national shape: a role question, then a question whose redirects depend on
 * the role, and a loop back that only an answer without the role label can take.
 */
function tree(): DecisionTreeContent {
  return {
    name: 'Testboom',
    version: '1.0.0',
    questions: [
      question('1', [
        { answer: 'Maker', labels: ['aanbieder'], nextQuestionId: '2' },
        { answer: 'Gebruiker', labels: ['gebruiker'], nextQuestionId: '2' },
        { answer: 'Geen', nextConclusionId: 'C0' },
      ]),
      question('2', [
        {
          answer: 'Ja',
          labels: ['hoog'],
          redirects: [
            { if: '"aanbieder" in labels && "hoog" in labels', nextConclusionId: 'C1' },
            { if: '"gebruiker" in labels', nextConclusionId: 'C2' },
          ],
        },
        { answer: 'Nee', nextConclusionId: 'C3' },
      ]),
    ],
    conclusions: ['C0', 'C1', 'C2', 'C3'].map(conclusion),
  } as DecisionTreeContent;
}

function refusal(input: DecisionTreeContent | string): {
  path: string;
  key: string;
  params?: object;
} {
  try {
    parseDecisionTree(typeof input === 'string' ? input : stringify(input), 'test.yaml');
  } catch (err) {
    if (!(err instanceof DecisionTreeError)) throw err;
    return err.problem;
  }
  throw new Error('the tree was accepted');
}

describe('decision tree loader', () => {
  it('accepts a tree in the national format, naming it by its slug and counting its paths', () => {
    const loaded = parseDecisionTree(stringify(tree()), 'test.yaml');
    expect(loaded.key).toBe('testboom');
    expect(loaded.analysis.pathCount).toBe(5);
  });

  it('reads JSON too, since JSON is YAML', () => {
    expect(parseDecisionTree(JSON.stringify(tree()), 'test.json').key).toBe('testboom');
  });

  it('refuses what is not YAML, with the line and column', () => {
    expect(refusal('name: [unclosed\nversion: 1.0.0')).toMatchObject({
      path: 'file',
      key: 'yaml',
      params: { line: expect.any(Number), column: expect.any(Number) },
    });
  });

  it('refuses a key given twice rather than keeping one silently', () => {
    expect(refusal('name: a\nname: b\n')).toMatchObject({ path: 'file', key: 'yaml' });
  });

  it('refuses a billion laughs of aliases without expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(refusal(lines.join('\n'))).toMatchObject({ path: 'file', key: 'yamlAliases' });
  });

  it('refuses a file larger than the limit before reading it', () => {
    expect(refusal(`name: "${'x'.repeat(MAX_TREE_FILE_BYTES)}"`)).toMatchObject({
      path: 'file',
      key: 'tooLarge',
    });
  });

  it('checks the schema, naming the place in the file', () => {
    const t = tree() as unknown as { questions: Record<string, unknown>[] };
    delete t.questions[1].answers;
    expect(refusal(t as never)).toEqual({ path: 'questions[1].answers', key: 'schema.required' });

    const typo = tree() as unknown as { questions: { answers: Record<string, unknown>[] }[] };
    typo.questions[0].answers[0].nextQuestionID = '2';
    expect(refusal(typo as never)).toEqual({
      path: 'questions[0].answers[0].nextQuestionID',
      key: 'schema.unknownProperty',
    });

    const numeric = tree() as unknown as { questions: Record<string, unknown>[] };
    numeric.questions[0].questionId = 1.1;
    expect(refusal(numeric as never)).toMatchObject({
      path: 'questions[0].questionId',
      key: 'schema.type',
    });

    expect(refusal({ ...tree(), version: 'one' })).toEqual({
      path: 'version',
      key: 'schema.pattern',
    });
  });

  it('refuses a __proto__ key as an unknown field', () => {
    const text = stringify(tree()).replace('name: Testboom', 'name: Testboom\n__proto__: { x: 1 }');
    expect(refusal(text)).toEqual({ path: '__proto__', key: 'schema.unknownProperty' });
  });

  it('refuses an id used twice', () => {
    const t = tree();
    t.questions[1].questionId = '1';
    expect(refusal(t)).toEqual({
      path: 'questions[1].questionId',
      key: 'duplicateQuestion',
      params: { id: '1', first: 'questions[0]' },
    });
    const c = tree();
    c.conclusions[3].conclusionId = 'C0';
    expect(refusal(c)).toMatchObject({
      path: 'conclusions[3].conclusionId',
      key: 'duplicateConclusion',
    });
  });

  it('refuses a target that does not exist', () => {
    const t = tree();
    t.questions[0].answers[0].nextQuestionId = '9';
    expect(refusal(t)).toEqual({
      path: 'questions[0].answers[0].nextQuestionId',
      key: 'unknownQuestion',
      params: { id: '9' },
    });
    const c = tree();
    c.questions[1].answers[0].redirects![1].nextConclusionId = 'C9';
    expect(refusal(c)).toEqual({
      path: 'questions[1].answers[0].redirects[1].nextConclusionId',
      key: 'unknownConclusion',
      params: { id: 'C9' },
    });
  });

  it('refuses an answer that leads nowhere or two ways', () => {
    const none = tree();
    delete none.questions[1].answers[1].nextConclusionId;
    expect(refusal(none)).toEqual({ path: 'questions[1].answers[1]', key: 'oneTarget' });
    const both = tree();
    both.questions[1].answers[1].nextQuestionId = '1';
    expect(refusal(both)).toEqual({ path: 'questions[1].answers[1]', key: 'oneTarget' });
    const redirect = tree();
    redirect.questions[1].answers[0].redirects![0].nextQuestionId = '1';
    expect(refusal(redirect)).toEqual({
      path: 'questions[1].answers[0].redirects[0]',
      key: 'oneRedirectTarget',
    });
  });

  it('refuses a condition it cannot read, naming the column, and never runs it', () => {
    const t = tree();
    t.questions[1].answers[0].redirects![0].if = '"aanbieder" in labels; process.exit(1)';
    expect(refusal(t)).toEqual({
      path: 'questions[1].answers[0].redirects[0].if',
      key: 'expression.unexpectedCharacter',
      params: { column: 22, found: ';' },
    });
  });

  it('refuses a condition on a label that no answer gives (a typo would make it never hold)', () => {
    const t = tree();
    t.questions[1].answers[0].redirects![1].if = '"gebruikers" in labels';
    expect(refusal(t)).toEqual({
      path: 'questions[1].answers[0].redirects[1].if',
      key: 'unknownLabel',
      params: { label: 'gebruikers' },
    });
  });

  it('refuses an answer after which no redirect holds for labels a path can gather', () => {
    const t = tree();
    t.questions[0].answers.splice(2, 0, { answer: 'Beide', labels: ['x'], nextQuestionId: '2' });
    t.questions[1].answers[0].labels = ['hoog', 'x'];
    expect(refusal(t)).toEqual({
      path: 'questions[1].answers[0].redirects',
      key: 'deadEnd',
      params: { labels: 'hoog, x', path: '1=3, 2=1' },
    });
  });

  it('refuses a path that comes back to a question it passed', () => {
    const t = tree();
    t.questions[1].answers[1] = { answer: 'Nee', nextQuestionId: '1' };
    expect(refusal(t)).toEqual({
      path: 'questions[1].answers[1]',
      key: 'cycle',
      params: { questionId: '1', path: '1=1, 2=2' },
    });
  });

  it('accepts a loop back that the labels gathered on the way rule out, as the national tree has', () => {
    const t = tree();
    t.questions[1].answers[1] = {
      answer: 'Nee',
      redirects: [
        { if: '!("aanbieder" in labels) && !("gebruiker" in labels)', nextQuestionId: '1' },
        { if: '"aanbieder" in labels || "gebruiker" in labels', nextConclusionId: 'C3' },
      ],
    };
    expect(parseDecisionTree(stringify(t), 'test.yaml').analysis.pathCount).toBe(5);
  });

  it('refuses a conclusion, or a question, that no path reaches', () => {
    const t = tree();
    t.conclusions.push(conclusion('C4') as never);
    expect(refusal(t)).toEqual({
      path: 'conclusions[4]',
      key: 'unreachableConclusion',
      params: { id: 'C4' },
    });
    const q = tree();
    q.questions.push(question('3', [{ answer: 'Ja', nextConclusionId: 'C3' }]) as never);
    expect(refusal(q)).toEqual({
      path: 'questions[2]',
      key: 'unreachableQuestion',
      params: { id: '3' },
    });
  });

  it('counts a conclusion as reached only through a redirect whose condition can hold', () => {
    const t = tree();
    // "gebruiker" and "hoog" are given, but never on the same path as "niemand".
    t.questions[1].answers[0].redirects!.splice(1, 0, {
      if: '"gebruiker" in labels && "niemand" in labels',
      nextConclusionId: 'C4',
    });
    t.questions[0].answers[2] = { answer: 'Geen', labels: ['niemand'], nextConclusionId: 'C0' };
    t.conclusions.push(conclusion('C4') as never);
    expect(refusal(t)).toMatchObject({ path: 'conclusions[4]', key: 'unreachableConclusion' });
  });

  it('refuses a tree with more states than it can check, rather than leaving it unchecked', () => {
    const count = 18;
    const t = {
      name: 'Breed',
      version: '1.0.0',
      questions: Array.from({ length: count }, (_, i) =>
        question(`q${i}`, [
          { answer: 'Ja', labels: [`l${i}`], ...next(i) },
          { answer: 'Nee', ...next(i) },
        ]),
      ),
      conclusions: [conclusion('end')],
    };
    function next(i: number) {
      return i + 1 < count ? { nextQuestionId: `q${i + 1}` } : { nextConclusionId: 'end' };
    }
    expect(refusal(t as DecisionTreeContent)).toEqual({
      path: 'file',
      key: 'tooComplex',
      params: { max: MAX_TREE_STATES },
    });
  });

  it('says what is wrong in one English line for the command line', () => {
    const t = tree();
    t.questions[0].answers[0].nextQuestionId = '9';
    expect(() => parseDecisionTree(stringify(t), 'boom.yaml')).toThrow(
      'boom.yaml: questions[0].answers[0].nextQuestionId: refers to question 9, which does not exist',
    );
  });
});
