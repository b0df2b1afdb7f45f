/**
 * Every error a caller can meet, with its HTTP status, in one table. Services throw DomainError
 * with a code; the exception filter turns it into a status, a JSON body or an error page.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  BODY_TOO_DEEP: 400,
  BODY_INCOMPLETE: 400,
  VALIDATION_FAILED: 400,
  TEMPLATE_INVALID: 400,
  DECISION_TREE_INVALID: 400,
  IMPORT_FILE_INVALID: 400,
  UNAUTHENTICATED: 401,
  SSO_FAILED: 401,
  FORBIDDEN: 403,
  SSO_REFUSED: 403,
  CSRF_FAILED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  ALREADY_SIGNED: 409,
  REVIEWS_OPEN: 409,
  NO_TEMPLATE_ADOPTED: 409,
  UNPROCESSABLE: 422,
  CHECKLIST_INCOMPLETE: 422,
  REGISTER_INCOMPLETE: 422,
  LEGAL_FLOOR: 422,
  INSTRUMENT_NOT_DONE: 422,
  REMARKS_UNANSWERED: 422,
  BLOCKING_RULE: 422,
  BIAS_UNMITIGATED: 422,
  TOO_FEW_REVIEWERS: 422,
  TOO_FEW_POSITIONS: 422,
  TOO_FEW_APPROVALS: 422,
  DISSENT_NOT_ADDRESSED: 422,
  REASON_REQUIRED: 422,
  CONDITIONS_PRESENT: 422,
  NO_CONDITIONS: 422,
  NOT_ALLOWED: 403,
  SEPARATION_OF_DUTIES: 403,
  SELF_VERIFICATION: 403,
  NOT_ORGANISATION_ADMIN: 403,
  OPERATOR_ONLY: 403,
  PAYLOAD_TOO_LARGE: 413,
  IMPORT_FILE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Message key under errors.* unless a full key is given; defaults to the code's text. */
    readonly messageKey: string = `errors.${code}`,
    readonly details?: unknown,
    readonly params?: Record<string, unknown>,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function statusToCode(status: number): ErrorCode {
  const found = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(
    ([, s]) => s === status,
  );
  if (found) return found[0];
  return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
}

/** A refusal of one field's value, shown beside that field (or named by it at the command line). */
export function fieldError(
  field: string,
  key: string,
  params?: Record<string, unknown>,
): DomainError {
  return new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [{ field, key, params }]);
}
