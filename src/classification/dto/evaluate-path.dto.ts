import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** How the API names a tree version: `beslishulp-ai-verordening@1.0.0`, key and version captured. */
export const TREE_REFERENCE = /^([a-z0-9][a-z0-9-]{0,59})@(\d{1,6}\.\d{1,6}\.\d{1,6})$/;

/** No path is longer than a tree has questions (the schema allows 200), since none comes back. */
export const MAX_PATH_LENGTH = 200;

export class PathStepDto {
  @ApiProperty({
    description: 'The id of the question answered, as the tree gives it',
    example: '1.1',
    maxLength: 30,
  })
  @IsString()
  @MaxLength(30)
  questionId: string;

  @ApiProperty({
    description: 'The position of the chosen answer in that question, counted from 1',
    example: 1,
    minimum: 1,
    type: 'integer',
  })
  @IsInt()
  @Min(1)
  answer: number;
}

export class EvaluatePathDto {
  @ApiPropertyOptional({
    description:
      'The installed tree version to replay on, as key@version; without it, the active tree',
    example: 'beslishulp-ai-verordening@1.0.0',
    pattern: TREE_REFERENCE.source,
  })
  @IsOptional()
  @IsString()
  @Matches(TREE_REFERENCE)
  tree?: string;

  @ApiProperty({
    description: 'The answers in the order given, from the first question on',
    type: [PathStepDto],
    maxItems: MAX_PATH_LENGTH,
  })
  @IsArray()
  @ArrayMaxSize(MAX_PATH_LENGTH)
  @ValidateNested({ each: true })
  @Type(() => PathStepDto)
  answers: PathStepDto[];
}
