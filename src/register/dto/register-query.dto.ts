import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ASSESSMENT_OUTCOMES } from '../../assessments/workflow';
import { RISK_CLASSES } from '../../checklists/engine';
import { PUBLICATION_CATEGORIES, STATUS_CODES, THEMES } from '../../algorithms/publicatiestandaard';
import type { StatusCode } from '../../algorithms/publicatiestandaard';

export const OUTCOME_CODES = [...ASSESSMENT_OUTCOMES, 'none'] as const;
/** `relevance` orders a search's matches by how well they match; without words, it is `name`. */
export const SORTS = ['relevance', 'name', 'changed', 'organisation'] as const;
export type RegisterSort = (typeof SORTS)[number];

export const MAX_SEARCH_LENGTH = 200;
export const MAX_PAGE = 100_000;

/** An empty field of the filter form means "no filter". */
const emptyToUndefined = () =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** The register's search, filters, sort and page: the same for the page and the JSON API. */
export class RegisterQueryDto {
  @IsOptional()
  @emptyToUndefined()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  q?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/)
  organisation?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(STATUS_CODES)
  status?: StatusCode;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(PUBLICATION_CATEGORIES)
  category?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(THEMES)
  theme?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(RISK_CLASSES)
  risk?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(OUTCOME_CODES)
  outcome?: string;

  @IsOptional()
  @emptyToUndefined()
  @IsIn(SORTS)
  sort?: RegisterSort;

  @IsOptional()
  @emptyToUndefined()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;
}

export class ExportQueryDto {
  /** true: only entries that carry every required field of the standard. */
  @IsOptional()
  @IsIn(['true', 'false'])
  complete?: 'true' | 'false';
}
