import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  // Not the password rules: an old password may predate them. Only a sane upper bound.
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;

  /** Where to go after logging in; only a path on this site is followed. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
