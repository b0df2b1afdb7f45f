import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_FEEDBACK_ANSWER_DAYS } from '../policies';

/**
 * An organisation's policies as its admin sets them. A checkbox that is not ticked is not posted,
 * so each choice is "true" or absent.
 */
export class PoliciesDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FEEDBACK_ANSWER_DAYS)
  feedbackAnswerDays: number;

  @IsOptional()
  @IsIn(['true'])
  publishRejectedAdvice?: 'true';

  @IsOptional()
  @IsIn(['true'])
  publishReviewerReasoning?: 'true';

  @IsOptional()
  @IsIn(['true'])
  iamaForImpactful?: 'true';
}
