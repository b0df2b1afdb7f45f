import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, MaxLength, Min } from 'class-validator';
import { INSTRUMENT_STATUSES } from './instrument-rules';
import type { InstrumentStatus } from './instrument-rules';

/**
 * The record of an impact assessment as its form posts it; the PDF, if one was chosen, travels
 * beside it (instrument-form.ts). The version is the assessment's as the page showed it.
 */
export class InstrumentDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsIn(INSTRUMENT_STATUSES) status: InstrumentStatus;
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.isDateString' })
  date?: string;
  @IsOptional() @IsString() @MaxLength(5000) outcome?: string;
  @IsOptional()
  @IsString()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  link?: string;
}
