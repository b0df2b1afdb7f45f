import type { CompiledTree, TreeTarget } from './decision-tree-engine';
import { treeProblem } from './decision-tree-problem';
import { evaluateLabelExpression } from './label-expression';

/**
 * At most this many combinations of a question and the labels gathered before it are checked.
 * The national tree has a few hundred; a file needing more is refused rather than left unchecked.
 */
export const MAX_TREE_STATES = 50_000;

export interface TreeAnalysis {
  /** Distinct answer paths from the first question to a conclusion. */
  pathCount: number;
  /** Combinations of question and gathered labels that some path reaches. */
  stateCount: number;
}

interface StateInfo {
  /** Questions reachable from this state, itself included (one flag per question). */
  reach: Uint8Array;
  paths: number;
}

/**
 * Walks every answer path with the labels it actually gathers, so redirects count only where
 * their condition can hold. Refuses, naming the place in the file: an answer after which no
 * redirect holds, a path that comes back to a question it passed, and a question or conclusion
 * that no path reaches. Paths that share a question and a label set share their continuation, so
 * the walk visits each such state once.
 */
export function analyseTree(tree: CompiledTree): TreeAnalysis {
  const { questions } = tree;
  const count = questions.length;
  const memo = new Map<string, StateInfo>();
  const onPath = new Uint8Array(count);
  const reachedQuestions = new Uint8Array(count);
  const reachedConclusions = new Set<string>();
  const trail: string[] = [];

  const describeTrail = () => trail.join(', ');

  function visit(index: number, labels: ReadonlySet<string>): StateInfo {
    const key = `${index}\u0000${[...labels].sort().join('\u0000')}`;
    const known = memo.get(key);
    if (known) return known;
    if (memo.size >= MAX_TREE_STATES) treeProblem('file', 'tooComplex', { max: MAX_TREE_STATES });
    onPath[index] = 1;
    reachedQuestions[index] = 1;
    const reach = new Uint8Array(count);
    reach[index] = 1;
    let paths = 0;
    questions[index].answers.forEach((answer, a) => {
      const answerPath = `questions[${index}].answers[${a}]`;
      const gathered = new Set(labels);
      answer.labels.forEach((l) => gathered.add(l));
      trail.push(`${questions[index].id}=${a + 1}`);
      let target: TreeTarget | null = answer.next;
      let targetPath = answerPath;
      if (!target) {
        const r = answer.redirects.findIndex((x) => evaluateLabelExpression(x.condition, gathered));
        if (r < 0)
          treeProblem(`${answerPath}.redirects`, 'deadEnd', {
            labels: [...gathered].sort().join(', ') || '-',
            path: describeTrail(),
          });
        target = answer.redirects[r].target;
        targetPath = `${answerPath}.redirects[${r}]`;
      }
      if (target.kind === 'conclusion') {
        reachedConclusions.add(target.id);
        paths += 1;
      } else {
        if (onPath[target.index])
          treeProblem(targetPath, 'cycle', { questionId: target.id, path: describeTrail() });
        const next = visit(target.index, gathered);
        next.reach.forEach((reached, q) => {
          if (reached && onPath[q])
            treeProblem(targetPath, 'cycle', {
              questionId: questions[q].id,
              path: describeTrail(),
            });
          if (reached) reach[q] = 1;
        });
        paths += next.paths;
      }
      trail.pop();
    });
    onPath[index] = 0;
    const info = { reach, paths };
    memo.set(key, info);
    return info;
  }

  const start = visit(0, new Set());
  reachedQuestions.forEach((reached, q) => {
    if (!reached) treeProblem(`questions[${q}]`, 'unreachableQuestion', { id: questions[q].id });
  });
  tree.content.conclusions.forEach((c, i) => {
    if (!reachedConclusions.has(c.conclusionId))
      treeProblem(`conclusions[${i}]`, 'unreachableConclusion', { id: c.conclusionId });
  });
  return { pathCount: start.paths, stateCount: memo.size };
}
