import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { DomainError } from './errors/domain-error';

/** One problem with one field: a message key and what to fill into it. */
export interface FieldProblem {
  field: string;
  /** Message key, e.g. validation.maxLength or a DTO's own key such as validation.passwordTooShort. */
  key: string;
  params?: Record<string, unknown>;
}

/** Constraint arguments (e.g. the 128 of @MaxLength(128)) to fill into the message. */
function constraintParams(
  target: object | undefined,
  property: string,
  name: string,
): Record<string, unknown> {
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find(
      (m) => m.propertyName === property && (m.name === name || m.constraintCls?.name === name),
    );
  const args = metadata?.constraints ?? [];
  return {
    min: args[0],
    max: args[args.length - 1],
    values: Array.isArray(args[0]) ? args[0].join(', ') : undefined,
  };
}

export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldProblem[] = Object.entries(e.constraints ?? {}).map(([name, message]) => ({
      field,
      // DTOs may name their own message key; otherwise the constraint's name picks it.
      key: /^validation\.[\w.]+$/.test(message) ? message : `validation.${name}`,
      params: constraintParams(e.target, e.property, name),
    }));
    return own.concat(fieldProblems(e.children ?? [], field));
  });
}

/** The one validation pipe: unknown fields are refused, and each problem names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: true, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', fieldProblems(errors)),
  });
}
