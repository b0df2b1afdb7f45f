import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { getMetadataStorage, IsObject } from 'class-validator';
import { DomainError } from './errors/domain-error';
import { cacheValidationMetadata } from './validation-metadata';

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
  // Only numbers: the allowed values of @IsIn are codes, no message for a person.
  const numbers = (metadata?.constraints ?? []).filter((a): a is number => typeof a === 'number');
  return { min: numbers[0], max: numbers[numbers.length - 1] };
}

/** The most basic problem first: a missing value, then a value of the wrong kind, then the rest. */
function rank(constraint: string): number {
  if (constraint === 'isDefined' || constraint === 'isNotEmpty') return 0;
  return /^is[A-Z]/.test(constraint) ? 1 : 2;
}

/**
 * One problem per field, the most basic one: a field that is blank says only that, not also that
 * it is too short, and a number where text belongs does not also hear about its length.
 */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldProblem[] = Object.entries(e.constraints ?? {})
      .sort(([a], [b]) => rank(a) - rank(b))
      .slice(0, 1)
      .map(([name, message]) => ({
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

  /**
   * Nest's pipe deletes the keys `__proto__`, `constructor` and `prototype` wherever they are in
   * a body and goes on, so an answer keyed `constructor` vanished and the save succeeded having
   * stored nothing. Here such a key is refused with 400, naming where it was.
   */
  protected override stripProtoKeys(value: unknown): void {
    const field = protoKeyPath(value);
    if (field !== null)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field, key: 'validation.whitelistValidation' },
      ]);
  }
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Where in a value an object has one of PROTO_KEYS as its own key (`answers.constructor`), or
 * null. Walks with a stack of its own, as Nest's stripProtoKeys does, and only the items an array
 * has, never the gaps of a sparse one.
 */
function protoKeyPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (Buffer.isBuffer(current) || ArrayBuffer.isView(current)) continue;
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (!Array.isArray(current)) {
      const found = PROTO_KEYS.find((key) => Object.hasOwn(current, key));
      if (found) return at(found);
    }
    for (const [key, item] of Object.entries(current)) stack.push([item, at(key)]);
  }
  return null;
}

/** The one validation pipe: unknown fields are refused, and each problem names its field. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: true, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', fieldProblems(errors)),
  });
}

/**
 * An object keyed by names the caller chooses (question ids, section ids), e.g. answers. The pipe
 * runs class-transformer first, which drops a key named like a property every object has
 * (`toString`, `valueOf`) and fails on `constructor` (a 500): so it reads the object as a plain
 * Object, and the value is then taken from the body as it came, its own keys copied onto an
 * object without a prototype. A lookup in it finds only what was sent, and the service, which
 * knows the valid keys, refuses the others by name.
 */
export function KeyedRecord(): PropertyDecorator {
  const rules = [
    IsObject(),
    Type(() => Object),
    Transform(({ obj, key }) => ownEntries((obj as Record<string, unknown>)[key]), {
      toClassOnly: true,
    }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

function ownEntries(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}
