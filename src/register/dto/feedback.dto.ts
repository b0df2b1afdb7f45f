import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text === '' ? undefined : text;
  });

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
  @MaxLength(5000)
  message: string;
}
