import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The version an organisation adopts: the API's body, and the admin page's form with the organisation. */
export class AdoptTemplateDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) templateId: number;
}

export class AdoptTemplateFormDto extends AdoptTemplateDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  organisationId: number;
}
