import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * A report of a condition's fulfilment: what was done, with a link and/or a document as evidence
 * (the document travels beside the DTO, see report-form.ts). The version is the condition's as
 * the reporter last read it.
 */
export class ReportConditionDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsString() @MinLength(1) @MaxLength(5000) whatWasDone: string;
  @IsOptional()
  @IsString()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  link?: string;
}

export const VERIFY_DECISIONS = ['accept', 'return'] as const;
export type VerifyDecision = (typeof VERIFY_DECISIONS)[number];

/** The verifier's verdict on the waiting report; returning it needs a reason. */
export class VerifyConditionDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsIn(VERIFY_DECISIONS) decision: VerifyDecision;
  @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}
