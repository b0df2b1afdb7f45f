import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  Min,
} from 'class-validator';
import { ALGORITHM_STATUSES, THEMES } from '../../algorithms/publicatiestandaard';
import type { AlgorithmStatus } from '../../algorithms/publicatiestandaard';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

/**
 * The Publicatiestandaard fields a proposer fills in or corrects, with the schema's limits
 * (src/algorithms/publicatiestandaard.ts). All optional here; what submission needs is checked then.
 */
export class RegisterFieldsDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(99) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(399) descriptionShort?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(16) @IsIn(THEMES, { each: true }) themes?: string[];
  @IsOptional() @IsIn(ALGORITHM_STATUSES) status?: AlgorithmStatus;
  @IsOptional() @Matches(MONTH, { message: 'validation.month' }) startDate?: string;
  @IsOptional() @Matches(MONTH, { message: 'validation.month' }) endDate?: string;
  @IsOptional() @IsString() @MaxLength(500) contact?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) link?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) sourceLink?: string;
  @IsOptional() @IsString() @MaxLength(2499) purposeAndImpact?: string;
  @IsOptional() @IsString() @MaxLength(2499) considerations?: string;
  @IsOptional() @IsString() @MaxLength(2499) humanIntervention?: string;
  @IsOptional() @IsString() @MaxLength(2499) riskManagement?: string;
  @IsOptional() @IsString() @MaxLength(2499) legalBasis?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) legalBasisLink?: string;
  @IsOptional() @IsString() @MaxLength(99) legalBasisTitle?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) processingRegisterLink?: string;
  @IsOptional() @IsString() @MaxLength(2499) impactAssessments?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) impactAssessmentLink?: string;
  @IsOptional() @IsString() @MaxLength(2499) impactAssessmentExplanation?: string;
  @IsOptional() @IsString() @MaxLength(2499) data?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) dataSourceLink?: string;
  @IsOptional() @IsString() @MaxLength(499) dataSourceTitle?: string;
  @IsOptional() @IsString() @MaxLength(4999) technicalOperation?: string;
  @IsOptional() @IsString() @MaxLength(199) supplier?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) sourceCodeLink?: string;
  @IsOptional() @IsString() @MaxLength(2499) searchTerms?: string;
}

export class CreateProposalDto extends RegisterFieldsDto {
  @Type(() => Number) @IsInt() @Min(1) organisationId: number;
  @IsString() @MinLength(1) @MaxLength(99) declare name: string;
  @IsString() @MinLength(1) @MaxLength(399) declare descriptionShort: string;
}

export class UpdateRegisterFieldsDto extends RegisterFieldsDto {
  /** The version the caller last read; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;
}
