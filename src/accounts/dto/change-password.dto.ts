import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The new password's rules (length, common list) are checked by the password policy in the service. */
export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  newPassword: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  confirmPassword: string;
}
