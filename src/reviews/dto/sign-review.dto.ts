import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { KeyedRecord } from '../../common/validation';
import { REVIEW_DECISIONS } from '../entities/review.entity';
import type { ReviewDecision } from '../entities/review.entity';

export class ConditionDto {
  @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @IsString() @MinLength(1) @MaxLength(200) owner: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.isDateString' }) dueDate: string;
}

export class SignReviewDto {
  @IsIn(REVIEW_DECISIONS) decision: ReviewDecision;

  /** Always required: a sign-off without reasons is worth nothing. */
  @IsString() @MinLength(1) @MaxLength(5000) reasoning: string;

  /** Remarks by checklist section id: what the review screen offers, a field under each section. */
  @IsOptional() @KeyedRecord() sectionRemarks?: Record<string, string>;

  /**
   * Remarks by question id; the proposer answers each in the next revision. The API takes them;
   * the review screen writes per section and shows these at their question.
   */
  @IsOptional() @KeyedRecord() questionRemarks?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[];
}
