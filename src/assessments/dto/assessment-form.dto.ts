import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { KeyedRecord } from '../../common/validation';

/**
 * One section of the checklist as the page posts it. The answers are read by the template's
 * question types (src/checklists/form-answers.ts) and checked by the engine when saved, as the
 * API's SaveAnswersDto is; a section may post no answers at all (nothing chosen yet).
 */
export class SectionFormDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @KeyedRecord() answers?: Record<string, string | string[]>;
  /** Where to go after saving: stay, the next section, or the summary. */
  @IsOptional() @IsIn(['stay', 'next']) then?: 'stay' | 'next';
}
