import { DomainError } from '../common/errors/domain-error';
import { translate } from '../i18n/i18n';

/**
 * A problem in a tree file: where (`questions[4].answers[2].redirects[0].if`, or `file` for the
 * file as a whole) and what, as a message key under classification.problems with its values, so
 * that the admin page and the API say it in Dutch or English.
 */
export interface TreeProblem {
  path: string;
  key: string;
  params?: Record<string, unknown>;
}

/**
 * A tree file that cannot be installed. The filter answers it with DECISION_TREE_INVALID and the
 * problem beside its path; its message is the one English line the command line prints.
 */
export class DecisionTreeError extends DomainError {
  constructor(
    readonly file: string,
    readonly problem: TreeProblem,
  ) {
    super('DECISION_TREE_INVALID', 'classification.tree.invalid', [
      {
        field: problem.path,
        key: `classification.problems.${problem.key}`,
        params: problem.params,
      },
    ]);
    this.message = `${file}: ${problem.path}: ${translate('en', `classification.problems.${problem.key}`, problem.params)}`;
    this.name = 'DecisionTreeError';
  }
}

/** Thrown inside the checks; the loader adds the file's name. */
export class TreeProblemError extends Error {
  constructor(readonly problem: TreeProblem) {
    super(`${problem.path}: ${problem.key}`);
    this.name = 'TreeProblemError';
  }
}

export function treeProblem(path: string, key: string, params?: Record<string, unknown>): never {
  throw new TreeProblemError({ path, key, params });
}
