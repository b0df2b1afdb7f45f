import type { DecisionTreeContent, TreeAnswer } from './decision-tree.types';
import { evaluateLabelExpression, LabelExpression, parseLabelExpression } from './label-expression';

/** Where an answer or a redirect leads. */
export type TreeTarget =
  { kind: 'question'; id: string; index: number } | { kind: 'conclusion'; id: string };

export interface CompiledAnswer {
  labels: readonly string[];
  /** Set when the answer leads on unconditionally. */
  next: TreeTarget | null;
  redirects: readonly { condition: LabelExpression; target: TreeTarget }[];
}

export interface CompiledQuestion {
  id: string;
  answers: readonly CompiledAnswer[];
}

/** A checked tree ready to replay: ids resolved to targets, conditions parsed once. */
export interface CompiledTree {
  content: DecisionTreeContent;
  questions: readonly CompiledQuestion[];
  questionIndex: ReadonlyMap<string, number>;
}

/**
 * Resolves targets and parses conditions. Only for content the loader has checked (every target
 * exists, every condition parses); anything else is a programming error and throws.
 */
export function compileTree(content: DecisionTreeContent): CompiledTree {
  const questionIndex = new Map(content.questions.map((q, i) => [q.questionId, i]));
  const target = (to: { nextQuestionId?: string; nextConclusionId?: string }): TreeTarget => {
    if (to.nextConclusionId !== undefined) return { kind: 'conclusion', id: to.nextConclusionId };
    const index = questionIndex.get(to.nextQuestionId!);
    if (index === undefined) throw new Error(`No question ${to.nextQuestionId}`);
    return { kind: 'question', id: to.nextQuestionId!, index };
  };
  const compileAnswer = (a: TreeAnswer): CompiledAnswer => ({
    labels: a.labels ?? [],
    next: a.redirects ? null : target(a),
    redirects: (a.redirects ?? []).map((r) => ({
      condition: parseLabelExpression(r.if),
      target: target(r),
    })),
  });
  return {
    content,
    questionIndex,
    questions: content.questions.map((q) => ({
      id: q.questionId,
      answers: q.answers.map(compileAnswer),
    })),
  };
}

/**
 * Where an answer leads once its labels have been added: its own target, or the first redirect
 * whose condition holds (as the national tool does). Null when no redirect holds, which the
 * loader refuses for every label set that can arise.
 */
export function follow(answer: CompiledAnswer, labels: ReadonlySet<string>): TreeTarget | null {
  if (answer.next) return answer.next;
  return answer.redirects.find((r) => evaluateLabelExpression(r.condition, labels))?.target ?? null;
}

/** One answer on a path: the question it answers and its position there, counted from 1. */
export interface PathStep {
  questionId: string;
  answer: number;
}

export type ReplayResult =
  | { conclusionId: string; labels: string[] }
  | { conclusionId: null; nextQuestionId: string; labels: string[] };

/** Why a step of a path cannot be replayed; `step` counts from 0, as the request's array does. */
export type StepProblem =
  | { step: number; problem: 'afterConclusion'; conclusionId: string }
  | { step: number; problem: 'unknownQuestion'; questionId: string }
  | { step: number; problem: 'outOfOrder'; questionId: string; expected: string }
  | { step: number; problem: 'answerOutOfRange'; questionId: string; count: number };

export class StepError extends Error {
  constructor(readonly detail: StepProblem) {
    super(`step ${detail.step}: ${detail.problem}`);
    this.name = 'StepError';
  }
}

/**
 * Replays a path from the first question: labels gather in the order they are given (each once),
 * and a conclusion ends the path. A path that stops early names the question that comes next.
 */
export function replayPath(tree: CompiledTree, path: readonly PathStep[]): ReplayResult {
  const labels: string[] = [];
  const seen = new Set<string>();
  let at = { kind: 'question', id: tree.questions[0].id, index: 0 } as TreeTarget;
  for (const [i, step] of path.entries()) {
    if (at.kind === 'conclusion')
      throw new StepError({ step: i, problem: 'afterConclusion', conclusionId: at.id });
    if (!tree.questionIndex.has(step.questionId))
      throw new StepError({ step: i, problem: 'unknownQuestion', questionId: step.questionId });
    if (step.questionId !== at.id)
      throw new StepError({
        step: i,
        problem: 'outOfOrder',
        questionId: step.questionId,
        expected: at.id,
      });
    const question = tree.questions[at.index];
    const answer = question.answers[step.answer - 1];
    if (!Number.isInteger(step.answer) || !answer)
      throw new StepError({
        step: i,
        problem: 'answerOutOfRange',
        questionId: step.questionId,
        count: question.answers.length,
      });
    for (const label of answer.labels) {
      if (!seen.has(label)) labels.push(label);
      seen.add(label);
    }
    const next = follow(answer, seen);
    if (!next) throw new Error(`No redirect of ${question.id} answer ${step.answer} applies`);
    at = next;
  }
  return at.kind === 'conclusion'
    ? { conclusionId: at.id, labels }
    : { conclusionId: null, nextQuestionId: at.id, labels };
}
