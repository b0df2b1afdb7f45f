import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { KeyedRecord } from '../../common/validation';
import { ConditionDto } from '../../reviews/dto/sign-review.dto';
import { WORKFLOW_ACTIONS } from '../workflow';
import type { WorkflowAction } from '../workflow';

export class SaveAnswersDto {
  /** The version the caller last read; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;

  /** Answers by question id; null removes an answer. Only these questions change. */
  @KeyedRecord() answers: Record<string, unknown>;
}

/** Steps other than `assign`, which names its reviewers (AssignReviewersDto). */
export const SIMPLE_ACTIONS = WORKFLOW_ACTIONS.filter((a) => a !== 'assign');

export class TransitionDto {
  @IsIn(SIMPLE_ACTIONS) action: Exclude<WorkflowAction, 'assign'>;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
  /** The commission's reasoning; required for its decisions. */
  @IsOptional() @IsString() @MaxLength(5000) reasoning?: string;
  /** Required for a decision against a reviewer who rejected or asked for changes: how it answers them. */
  @IsOptional() @IsString() @MaxLength(5000) dissentReasoning?: string;
  /** With approve_with_conditions: conditions the secretary adds to those the reviewers proposed. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[];
}

export class AssignReviewersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Type(() => Number)
  @IsInt({ each: true })
  reviewerIds: number[];
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
  /** YYYY-MM-DD after today: once it has passed, the secretary may decide without every position. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.isDateString' }) deadline: string;
  /** Required once a reviewer has signed: why the set of reviewers changes. */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class AnswerRemarksDto {
  /** The version the caller last read; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;

  /** Answers by remark key (`<reviewId>:q:<questionId>`, `<reviewId>:s:<sectionId>`); empty removes one. */
  @KeyedRecord() answers: Record<string, string>;
}

export class AddCoauthorDto {
  @Type(() => Number) @IsInt() @Min(1) userId: number;
}
