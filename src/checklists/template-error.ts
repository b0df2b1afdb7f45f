import { DomainError } from '../common/errors/domain-error';

/**
 * A template that cannot be used: which file, where in it (a JSON pointer) and what is wrong. The
 * filter answers it with TEMPLATE_INVALID and the problem beside its path; its message is the one
 * line the CLI and the admin page's list of files show. Problems are written in English, for the
 * template's author.
 */
export class TemplateError extends DomainError {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super('TEMPLATE_INVALID', 'checklist.invalid', [
      { field: path || '/', key: 'checklist.templateProblem', params: { problem } },
    ]);
    this.message = `${file}: ${path || '/'}: ${problem}`;
    this.name = 'TemplateError';
  }
}
