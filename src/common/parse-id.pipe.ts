import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './errors/domain-error';

/**
 * A whole number from 1 in a path or query parameter (an id, a revision). Unlike Nest's
 * ParseIdPipe, a bad value is refused as a field problem that names the parameter, in the
 * caller's language, like every other invalid input.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const n = /^\d{1,15}$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: metadata.data ?? 'id', key: 'validation.id' },
      ]);
    }
    return n;
  }
}
