import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './errors/domain-error';

/**
 * An id written the one way ids are written: digits without a sign, a leading zero, spaces or
 * an exponent, and short enough to stay a safe integer. `0x1`, `1e0`, `+1`, ` 1`, `1.0` and `01`
 * all mean 1 to Number(), so they are refused before anything converts them.
 */
const CANONICAL_ID = /^[1-9][0-9]{0,14}$/;

/**
 * A whole number from 1 in a path or query parameter (an id, a revision). Unlike Nest's
 * ParseIntPipe, a bad value is refused as a field problem that names the parameter, in the
 * caller's language, like every other invalid input.
 */
export function parseId(value: unknown, parameter: string): number {
  if (typeof value !== 'string' || !CANONICAL_ID.test(value)) {
    throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
      { field: parameter, key: 'validation.id' },
    ]);
  }
  return Number(value);
}

/**
 * parseId as a pipe. It checks the text as it came: the global validation pipe leaves number
 * parameters unconverted for it (see createValidationPipe). Page builders, which the exception
 * filter also calls with the route's parameters as they came, call parseId themselves.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    return parseId(value, metadata.data ?? 'id');
  }
}
