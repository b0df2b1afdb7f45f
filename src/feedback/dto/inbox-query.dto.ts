import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FEEDBACK_STATES } from '../entities/feedback.entity';
import type { FeedbackState } from '../entities/feedback.entity';

/** Deep pages cost an OFFSET scan; no inbox has this many pages of messages. */
export const MAX_INBOX_PAGE = 10_000;

/** A filter form sent with GET submits its empty fields too: they mean "no filter". */
const blankAsAbsent = (normalise: (value: string) => unknown = (value) => value) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : normalise(trimmed);
  });
// Only plain digits become a number; anything else stays text for @IsInt to refuse.
const wholeNumber = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : value);

/** `/feedback` and `GET /api/v1/feedback`: which messages, newest first, one page at a time. */
export class InboxQueryDto {
  @ApiPropertyOptional({ enum: FEEDBACK_STATES, description: 'Only messages in this state' })
  @IsOptional()
  @blankAsAbsent()
  @IsIn(FEEDBACK_STATES)
  status?: FeedbackState;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_INBOX_PAGE, description: 'Page, from 1' })
  @IsOptional()
  @blankAsAbsent(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_INBOX_PAGE)
  page?: number;
}
