import type { LegalFacts } from '../law/legal-facts';
import {
  CompiledTree,
  PathStep,
  replayPath,
  ReplayResult,
  StepError,
} from './decision-tree-engine';

/**
 * The proposer's walk through a decision tree, one question at a time: where a path stands, and
 * what changing one answer does to it. Pure: the stored path goes in, the tree replays it.
 */

/** Why an answer cannot be taken here; `field` names the form's field. */
export interface WalkProblem {
  field: 'questionId' | 'answer';
  key: string;
  params?: Record<string, unknown>;
}

export class WalkError extends Error {
  constructor(readonly problem: WalkProblem) {
    super(`${problem.field}: ${problem.key}`);
    this.name = 'WalkError';
  }
}

/** The path after an answer was given or changed, and how many later answers no longer fit. */
export interface AnsweredPath {
  path: PathStep[];
  /** Later answers dropped because the changed answer leads elsewhere. */
  dropped: number;
}

const fits = (tree: CompiledTree, path: readonly PathStep[]): ReplayResult | null => {
  try {
    return replayPath(tree, path);
  } catch (err) {
    if (err instanceof StepError) return null;
    throw err;
  }
};

/**
 * Gives an answer to a question of the path: a question already answered takes the new answer,
 * and the answers after it stay as long as they still fit the path it now takes (the first that
 * does not, and all after it, are dropped); otherwise the question must be the one that comes
 * next. Anything else (a question of the tree that is not on the path, an id the tree does not
 * have, an answer out of range) is refused, naming the field.
 */
export function answerOnPath(
  tree: CompiledTree,
  path: readonly PathStep[],
  questionId: string,
  answer: number,
): AnsweredPath {
  const index = tree.questionIndex.get(questionId);
  if (index === undefined)
    throw new WalkError({ field: 'questionId', key: 'classification.walk.unknownQuestion' });
  const at = path.findIndex((s) => s.questionId === questionId);
  const before = at < 0 ? [...path] : path.slice(0, at);
  if (at < 0) {
    const now = fits(tree, before);
    if (!now || now.conclusionId !== null || now.nextQuestionId !== questionId)
      throw new WalkError({ field: 'questionId', key: 'classification.walk.notOnPath' });
  }
  const count = tree.questions[index].answers.length;
  if (!Number.isInteger(answer) || answer < 1 || answer > count)
    throw new WalkError({
      field: 'answer',
      key: 'classification.walk.answerOutOfRange',
      params: { count },
    });
  const next = [...before, { questionId, answer }];
  const later = at < 0 ? [] : path.slice(at + 1);
  let kept = 0;
  for (const step of later) {
    if (!fits(tree, [...next, step])) break;
    next.push(step);
    kept++;
  }
  return { path: next, dropped: later.length - kept };
}

/**
 * The legal facts a finished path establishes, from its labels: an AI system (or not: no AI
 * label at all), a high-risk one, a prohibited practice. A path that has not reached a conclusion
 * establishes nothing, since its next answer may still change what the labels say. A path to a
 * risk group passed the questions on prohibited practices, so it establishes that there is none.
 */
export function factsFromPath(result: ReplayResult): Partial<LegalFacts> {
  if (result.conclusionId === null) return {};
  const has = (label: string) => result.labels.includes(label);
  const system = has('AI-systeem') || has('AI-systeem voor algemene doeleinden');
  const noAi = !system && !has('AI-model voor algemene doeleinden');
  const facts: Partial<LegalFacts> = {};
  if (system) facts.ai_system = true;
  else if (noAi) facts.ai_system = false;
  if (has('verboden AI')) facts.prohibited_practice = true;
  else if (noAi || has('hoog-risico AI') || has('geen hoog-risico AI'))
    facts.prohibited_practice = false;
  if (has('hoog-risico AI')) facts.high_risk = true;
  else if (noAi || has('geen hoog-risico AI')) facts.high_risk = false;
  return facts;
}
