import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ORGANISATION_NAME_MAX } from '../../../algorithms/publicatiestandaard';

/** `npm run sso:configure`: an organisation's identity provider, set by the operator. */
export class SsoSettingsDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANISATION_NAME_MAX)
  organisation: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  issuer: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  clientId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientSecret: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/(^| )openid( |$)/, { message: 'validation.sso.scopes' })
  scopes?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[\w:./-]+$/, { message: 'validation.sso.claim' })
  emailClaim?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[\w:./-]+$/, { message: 'validation.sso.claim' })
  roleClaim?: string;

  /** `value=role+role;value=role`, e.g. `waarborg-indieners=proposer;ethiek=reviewer+secretary`. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  roles?: string;
}
