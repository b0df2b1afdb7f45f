import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

/** A role in an organisation, as a form sends it: `<organisationId>:<role>`. */
export const ROLE_GRANT = /^\d{1,9}:(proposer|reviewer|secretary|admin)$/;

// A single checked box arrives as a string, several as an array, none as nothing.
const toArray = ({ value }: { value: unknown }) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export class RoleGrantsDto {
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ROLE_GRANT, { each: true, message: 'validation.roleGrant' })
  roles: string[] = [];
}

export class CreateUserDto extends RoleGrantsDto {
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
