import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export const trimmed = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text === '' ? undefined : text;
  });

/** At most this many characters in a message and in an answer. */
export const MESSAGE_MAX = 5000;

/** The "report an error or ask a question" form under a register entry. */
export class FeedbackDto {
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @trimmed()
  @IsNotEmpty()
  @IsString()
  @MaxLength(MESSAGE_MAX)
  message: string;

  /** The one checkbox: ticked, the question and its answer may be shown on the entry. */
  @IsOptional()
  @IsIn(['yes'])
  publishConsent?: 'yes';
}
