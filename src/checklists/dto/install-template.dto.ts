import { IsString, Matches, MaxLength } from 'class-validator';

export class InstallTemplateDto {
  /** A file name in seeds/checklists, as the admin page lists them. */
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z][a-z0-9-]*\.v\d+\.json$/)
  file: string;
}
