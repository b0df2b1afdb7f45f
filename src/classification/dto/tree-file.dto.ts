import { IsString, Matches, MaxLength } from 'class-validator';

export class TreeFileDto {
  /** A file name in seeds/decision-trees, as the admin page lists them. */
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z][a-z0-9-]*\.v\d+\.yaml$/)
  file: string;
}
