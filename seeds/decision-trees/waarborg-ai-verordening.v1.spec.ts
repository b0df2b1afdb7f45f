import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { loadDecisionTreeFile } from '../../src/classification/decision-tree-loader';
import type { DecisionTreeContent } from '../../src/classification/decision-tree.types';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { richText } from '../../src/common/rich-text';

const OWN = join(__dirname, 'waarborg-ai-verordening.v1.yaml');
const NATIONAL_DIR = join(PROJECT_ROOT, '..', 'shared', 'data', 'ai-verordening-beslishulp');
const NATIONAL = join(NATIONAL_DIR, 'decision-tree.yaml');
const NATIONAL_SCHEMA = join(NATIONAL_DIR, 'schema_decision_tree.json');

/** Everything that decides where a path goes and what it gathers; no texts. */
function structure(t: DecisionTreeContent) {
  return {
    questions: t.questions.map((q) => ({
      id: q.questionId,
      category: q.category,
      answers: q.answers.map((a) => ({
        labels: a.labels ?? [],
        subresult: a.subresult !== undefined,
        nextQuestionId: a.nextQuestionId,
        nextConclusionId: a.nextConclusionId,
        redirects: a.redirects,
      })),
    })),
    conclusions: t.conclusions.map((c) => c.conclusionId),
  };
}

const own = loadDecisionTreeFile(OWN);
const texts = (t: DecisionTreeContent) => [
  ...t.questions.flatMap((q) => [
    q.question,
    q.explanation,
    ...q.answers.flatMap((a) => [a.answer, a.subresult ?? '']),
  ]),
  ...t.conclusions.flatMap((c) => [c.conclusion, c.obligation]),
];

describe('Waarborg’s own AI Act decision tree', () => {
  it('installs: every path ends in a conclusion, and there are as many as in the national tree', () => {
    expect(own.key).toBe('waarborg-ai-verordening');
    expect(own.content.version).toBe('1.0.0');
    expect(own.content.questions).toHaveLength(22);
    expect(own.content.conclusions).toHaveLength(50);
    expect(own.analysis.pathCount).toBe(3140);
  });

  it('uses only the markup the allow-list keeps, so no text shows a tag as text', () => {
    for (const text of texts(own.content)) expect(richText(text)).not.toContain('&lt;');
  });

  const present = existsSync(NATIONAL);
  if (!present) console.warn(`${NATIONAL} is absent: the structure is not compared with it`);
  (present ? describe : describe.skip)('beside the national Beslishulp', () => {
    const national = () => parse(readFileSync(NATIONAL, 'utf8')) as DecisionTreeContent;

    it('has the national structure: ids, answer order, labels, targets, conditions, conclusions', () => {
      expect(structure(own.content)).toEqual(structure(national()));
    });

    it('says it in its own words', () => {
      const theirs = new Set(texts(national()).filter((t) => t.trim().length > 12));
      const same = texts(own.content).filter((t) => theirs.has(t));
      expect(same).toEqual([]);
    });

    it('is valid under the national schema, as the national file is under Waarborg’s', () => {
      // The national schema names its definitions with "id", which JSON Schema 2020-12 has no
      // keyword for; they are labels only.
      const schema = JSON.parse(readFileSync(NATIONAL_SCHEMA, 'utf8'), (key, value: unknown) =>
        key === 'id' ? undefined : value,
      ) as object;
      const validate = new Ajv2020({ strict: false }).compile(schema);
      expect(validate(own.content)).toBe(true);
      expect(loadDecisionTreeFile(NATIONAL).analysis.pathCount).toBe(3140);
    });
  });
});
