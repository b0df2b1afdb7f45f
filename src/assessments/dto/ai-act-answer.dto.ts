import { Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';

/** One answer to a question of the AI Act decision tree, as its page posts it. */
export class AiActAnswerDto {
  /** The version the page was shown at; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;

  @IsString() @MaxLength(30) questionId: string;

  /** The chosen answer's position in the question, counted from 1. */
  @Type(() => Number) @IsInt() @Min(1) answer: number;
}
