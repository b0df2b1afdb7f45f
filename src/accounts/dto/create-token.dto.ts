import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { typedNumber } from '../../common/dutch-number';

export const TOKEN_MAX_DAYS = 365;

export class CreateTokenDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  // "1.000" is a thousand days to a Dutch reader; Number() would have made it one.
  @Transform(typedNumber)
  @IsInt()
  @Min(1)
  @Max(TOKEN_MAX_DAYS)
  expiresInDays: number;
}
