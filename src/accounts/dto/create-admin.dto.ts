import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_NAME_MAX } from '../../algorithms/publicatiestandaard';

/** `npm run admin:create`: an organisation's first admin, made by the operator. */
export class CreateAdminDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANISATION_NAME_MAX)
  organisation: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  @IsEmail({}, { message: 'validation.isEmail' })
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}
