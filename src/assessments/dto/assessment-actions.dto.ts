import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { KeyedRecord } from '../../common/validation';
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
}

export class AssignReviewersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Type(() => Number)
  @IsInt({ each: true })
  reviewerIds: number[];
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}
