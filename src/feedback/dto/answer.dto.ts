import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MESSAGE_MAX, trimmed } from './feedback.dto';

/** The answer to a resident's message, from the message page in the inbox. */
export class AnswerFeedbackDto {
  @trimmed()
  @IsNotEmpty()
  @IsString()
  @MaxLength(MESSAGE_MAX)
  answer: string;
}
