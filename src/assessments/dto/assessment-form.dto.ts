import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { TransitionDto } from './assessment-actions.dto';
import { KeyedRecord } from '../../common/validation';

/**
 * One section of the checklist as the page posts it. The answers are read by the template's
 * question types (src/checklists/form-answers.ts) and checked by the engine when saved, as the
 * API's SaveAnswersDto is; a section may post no answers at all (nothing chosen yet).
 */
export class SectionFormDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @KeyedRecord() answers?: Record<string, string | string[]>;
  /** Answers to the reviewers' remarks by remark key (remarks.ts), checked when saved. */
  @IsOptional() @KeyedRecord() remarkAnswers?: Record<string, string>;
  /** Where to go after saving: stay, the next section, or the summary. */
  @IsOptional() @IsIn(['stay', 'next']) then?: 'stay' | 'next';
}

/**
 * A step as the work pages post it: the API's TransitionDto, and for the steps that cannot be
 * undone the `confirmed` their confirmation page adds (pages/confirm.page.ts).
 */
export class TransitionFormDto extends TransitionDto {
  @IsOptional() @IsIn(['yes']) confirmed?: 'yes';
}
