import { DomainError } from '../common/errors/domain-error';
import type { ErrorCode } from '../common/errors/domain-error';
import { translate } from '../i18n/i18n';

/**
 * Why nothing of an import happens: the file cannot be read as either accepted shape, or what came
 * with it is wrong. The filter shows it beside the admin form's field, in the page's language; its
 * message is the English sentence `npm run import` prints.
 */
export class ImportInputError extends DomainError {
  constructor(
    code: Extract<
      ErrorCode,
      | 'IMPORT_FILE_INVALID'
      | 'IMPORT_FILE_TOO_LARGE'
      | 'VALIDATION_FAILED'
      | 'NOT_ORGANISATION_ADMIN'
    >,
    field: 'file' | 'organisation',
    /** Message key under import.errors. */
    reason: string,
    params: Record<string, unknown> = {},
  ) {
    const key = `import.errors.${reason}`;
    super(code, key, [{ field, key, params }], params);
    this.message = translate('en', key, params);
    this.name = 'ImportInputError';
  }
}
