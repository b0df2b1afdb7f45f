import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AUDIT_RESULTS } from '../entities/audit-event.entity';
import type { AuditResult } from '../entities/audit-event.entity';

/** Deep pages cost an OFFSET scan; past this, a date filter finds the events sooner. */
export const MAX_AUDIT_PAGE = 10_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A filter form sent with GET submits its empty fields too; they mean "no filter", so they are
 * dropped before validation rather than refused. Other values are trimmed, then normalised.
 */
const blankAsAbsent = (normalise: (value: string) => unknown = (value) => value) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : normalise(trimmed);
  });

const lowerCase = (value: string) => value.toLowerCase();
// Only plain digits become a number; anything else stays text for @IsInt to refuse.
const wholeNumber = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : value);

/** The filters of the audit trail page, all optional, from the query string. */
export class AuditQueryDto {
  /** An action (auth.login) or a group of them (auth). */
  @IsOptional()
  @blankAsAbsent(lowerCase)
  @IsString()
  @MaxLength(60)
  @Matches(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/)
  action?: string;

  @IsOptional()
  @blankAsAbsent()
  @IsString()
  @MaxLength(40)
  objectType?: string;

  @IsOptional()
  @blankAsAbsent()
  @IsIn(AUDIT_RESULTS)
  result?: AuditResult;

  /** The e-mail address of the person who acted. */
  @IsOptional()
  @blankAsAbsent(lowerCase)
  @IsEmail()
  @MaxLength(254)
  actor?: string;

  /** First day, UTC, YYYY-MM-DD. */
  @IsOptional()
  @blankAsAbsent()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  from?: string;

  /** Last day, UTC, YYYY-MM-DD; that whole day is included. */
  @IsOptional()
  @blankAsAbsent()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @blankAsAbsent(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE)
  page?: number;
}
