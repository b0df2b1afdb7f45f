import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_SEALED_PLAIN } from '../../../common/secrets/secret-box';
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
  // Sealed, it must fit its 500-character column (secret-box.ts); real client secrets are far shorter.
  @MaxLength(MAX_SEALED_PLAIN)
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
