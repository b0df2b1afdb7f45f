import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * Runs before a parameter's own pipe. Nest's would first turn a parameter declared as a number
 * (`@Param('id', ParseIdPipe) id: number`) into one with `+value`, which reads `0x1`, `1e0`,
 * `+1`, ` 1`, `1.0` and `01` all as 1, so ParseIdPipe could no longer tell them from `1`. Such a
 * parameter is passed on as it came, for its own pipe to check and convert; bodies and queries
 * read into a DTO are transformed as before.
 */
class EdgeValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.metatype === Number ? value : super.transformPrimitive(value, metadata);
  }
}

/** The one validation pipe: unknown fields are refused, and each problem names its field. */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: true, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', fieldProblems(errors)),
  });
}
