import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { HEX_COLOUR, MAX_LOGO_BYTES } from '../theme-rules';

const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** An organisation's theme as its admin sets it (`/admin/organisations/:id/theme`). */
export class ThemeSettingsDto {
  @trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @trimmed()
  @Matches(HEX_COLOUR, { message: 'validation.colour' })
  primaryColour: string;

  @trimmed()
  @Matches(HEX_COLOUR, { message: 'validation.colour' })
  primaryTextColour: string;

  @trimmed()
  @Matches(HEX_COLOUR, { message: 'validation.colour' })
  linkColour: string;

  /** The logo's SVG source; left blank, the current logo stays. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LOGO_BYTES)
  logoSvg?: string;

  @IsOptional()
  @IsIn(['true'])
  removeLogo?: 'true';
}
