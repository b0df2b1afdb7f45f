import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Min } from 'class-validator';

/**
 * One section of the checklist as the page posts it. The answers are read by the template's
 * question types (src/checklists/form-answers.ts) and checked by the engine when saved, as the
 * API's SaveAnswersDto is; a section may post no answers at all (nothing chosen yet).
 */
export class SectionFormDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @IsObject() answers?: Record<string, string | string[]>;
  /** Answers to the reviewers' remarks by remark key (remarks.ts), checked when saved. */
  @IsOptional() @IsObject() remarkAnswers?: Record<string, string>;
  /** Where to go after saving: stay, the next section, or the summary. */
  @IsOptional() @IsIn(['stay', 'next']) then?: 'stay' | 'next';
}

/** A button that marks a condition done; the page it came from is where the user returns. */
export class ConditionDoneFormDto {
  @IsOptional() @IsIn(['assessment', 'dashboard']) back?: 'assessment' | 'dashboard';
}
