import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { PROJECT_ROOT } from '../common/project-root';
import { slugify } from '../common/slug';
import { analyseTree, TreeAnalysis } from './decision-tree-analysis';
import { CompiledTree, compileTree } from './decision-tree-engine';
import {
  DecisionTreeError,
  TreeProblem,
  treeProblem,
  TreeProblemError,
} from './decision-tree-problem';
import type { DecisionTreeContent, TreeAnswer, TreeRedirect } from './decision-tree.types';
import { ExpressionError, parseLabelExpression, testedLabels } from './label-expression';

export const DECISION_TREES_DIR = join(PROJECT_ROOT, 'seeds', 'decision-trees');
const SCHEMA_FILE = join(DECISION_TREES_DIR, 'decision-tree.schema.json');

/** Eight times the national file; a tree file is read whole into memory. */
export const MAX_TREE_FILE_BYTES = 2 * 1024 * 1024;

/** A tree file that passed every check, with what the checks found out. */
export interface LoadedTree {
  /** The name as a slug: with the version, what the API and the admin page call the tree. */
  key: string;
  content: DecisionTreeContent;
  compiled: CompiledTree;
  analysis: TreeAnalysis;
}

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
  );
  return validator;
}

export function loadDecisionTreeFile(path: string): LoadedTree {
  let text: string;
  try {
    if (statSync(path).size > MAX_TREE_FILE_BYTES)
      throw new DecisionTreeError(path, {
        path: 'file',
        key: 'tooLarge',
        params: { max: MAX_TREE_FILE_BYTES },
      });
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof DecisionTreeError) throw err;
    throw new DecisionTreeError(path, {
      path: 'file',
      key: 'unreadable',
      params: { reason: (err as NodeJS.ErrnoException).code ?? String(err) },
    });
  }
  return parseDecisionTree(text, path);
}

/**
 * Reads and checks a tree given as YAML (or JSON, which is YAML too): the syntax, the JSON Schema,
 * then what a schema cannot say (unique ids, existing targets, readable conditions, labels that
 * some answer gives), and last every answer path (analyseTree).
 */
export function parseDecisionTree(text: string, file: string): LoadedTree {
  try {
    if (Buffer.byteLength(text, 'utf8') > MAX_TREE_FILE_BYTES)
      treeProblem('file', 'tooLarge', { max: MAX_TREE_FILE_BYTES });
    const data = readYaml(text);
    const validate = schemaValidator();
    if (!validate(data)) {
      const error = mostSpecific(validate.errors ?? []);
      throw new TreeProblemError(describe(error));
    }
    const content = data as DecisionTreeContent;
    const key = slugify(content.name, 60);
    if (!key) treeProblem('name', 'noKey');
    checkReferences(content);
    const compiled = compileTree(content);
    return { key, content, compiled, analysis: analyseTree(compiled) };
  } catch (err) {
    if (err instanceof TreeProblemError) throw new DecisionTreeError(file, err.problem);
    throw err;
  }
}

function readYaml(text: string): unknown {
  // YAML 1.2 core schema: no custom tags, no merge keys; duplicate keys are an error; aliases
  // are limited so that a few bytes cannot expand into gigabytes.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const [pos] = error.linePos ?? [];
    treeProblem('file', 'yaml', { line: pos?.line ?? 1, column: pos?.col ?? 1, code: error.code });
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return treeProblem('file', 'yamlAliases', { reason: (err as Error).message });
  }
}

/** `/questions/4/answers/2` as `questions[4].answers[2]`, the way the file is read. */
function readablePath(pointer: string, property?: string): string {
  const parts = pointer.split('/').slice(1);
  if (property !== undefined) parts.push(property);
  const path = parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
  return path || 'file';
}

/** Of the schema's complaints, the one deepest in the document, where the mistake most likely is. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  return errors.reduce((best, e) =>
    e.instancePath.split('/').length > best.instancePath.split('/').length ? e : best,
  );
}

function describe(error: ErrorObject): TreeProblem {
  const params = error.params as Record<string, unknown>;
  const at = (property?: string) => readablePath(error.instancePath, property);
  switch (error.keyword) {
    case 'required':
      return { path: at(String(params.missingProperty)), key: 'schema.required' };
    case 'additionalProperties':
      return { path: at(String(params.additionalProperty)), key: 'schema.unknownProperty' };
    case 'type':
      return { path: at(), key: 'schema.type', params: { type: params.type } };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return { path: at(), key: `schema.${error.keyword}`, params: { limit: params.limit } };
    case 'pattern':
      return { path: at(), key: 'schema.pattern' };
    default:
      return { path: at(), key: 'schema.invalid' };
  }
}

type Targets = Pick<TreeAnswer, 'nextQuestionId' | 'nextConclusionId' | 'redirects'>;

function checkReferences(t: DecisionTreeContent): void {
  const questions = new Map<string, number>();
  t.questions.forEach((q, i) => {
    if (questions.has(q.questionId))
      treeProblem(`questions[${i}].questionId`, 'duplicateQuestion', {
        id: q.questionId,
        first: `questions[${questions.get(q.questionId)}]`,
      });
    questions.set(q.questionId, i);
  });
  const conclusions = new Map<string, number>();
  t.conclusions.forEach((c, i) => {
    if (conclusions.has(c.conclusionId))
      treeProblem(`conclusions[${i}].conclusionId`, 'duplicateConclusion', {
        id: c.conclusionId,
        first: `conclusions[${conclusions.get(c.conclusionId)}]`,
      });
    conclusions.set(c.conclusionId, i);
  });
  const given = new Set(t.questions.flatMap((q) => q.answers.flatMap((a) => a.labels ?? [])));

  const checkTarget = (to: Targets, path: string, allowRedirects: boolean) => {
    const set = (['nextQuestionId', 'nextConclusionId', 'redirects'] as const).filter(
      (k) => to[k] !== undefined,
    );
    if (set.length !== 1 || (!allowRedirects && set[0] === 'redirects'))
      treeProblem(path, allowRedirects ? 'oneTarget' : 'oneRedirectTarget');
    if (to.nextQuestionId !== undefined && !questions.has(to.nextQuestionId))
      treeProblem(`${path}.nextQuestionId`, 'unknownQuestion', { id: to.nextQuestionId });
    if (to.nextConclusionId !== undefined && !conclusions.has(to.nextConclusionId))
      treeProblem(`${path}.nextConclusionId`, 'unknownConclusion', { id: to.nextConclusionId });
  };
  const checkRedirect = (r: TreeRedirect, path: string) => {
    checkTarget(r, path, false);
    let tested: string[];
    try {
      tested = testedLabels(parseLabelExpression(r.if));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      return treeProblem(`${path}.if`, `expression.${err.problem}`, {
        column: err.column,
        found: err.found ?? '',
      });
    }
    const unknown = tested.find((label) => !given.has(label));
    if (unknown !== undefined) treeProblem(`${path}.if`, 'unknownLabel', { label: unknown });
  };

  t.questions.forEach((q, i) =>
    q.answers.forEach((a, j) => {
      const path = `questions[${i}].answers[${j}]`;
      checkTarget(a, path, true);
      a.redirects?.forEach((r, k) => checkRedirect(r, `${path}.redirects[${k}]`));
    }),
  );
}
