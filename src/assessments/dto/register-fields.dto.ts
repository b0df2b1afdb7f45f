import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import type { AlgorithmStatus } from '../../algorithms/publicatiestandaard';
import { StandardFieldRules } from '../../algorithms/standard-field-rules';

/**
 * The Publicatiestandaard fields a proposer fills in or corrects, each checked as its definition
 * in src/algorithms/publicatiestandaard.ts says. All optional here; what submission needs is
 * checked then.
 */
export class RegisterFieldsDto {
  @StandardFieldRules('name') name?: string;
  @StandardFieldRules('descriptionShort') descriptionShort?: string;
  @StandardFieldRules('themes') themes?: string[];
  @StandardFieldRules('status') status?: AlgorithmStatus;
  @StandardFieldRules('startDate') startDate?: string;
  @StandardFieldRules('endDate') endDate?: string;
  @StandardFieldRules('contact') contact?: string;
  @StandardFieldRules('link') link?: string;
  @StandardFieldRules('sourceLink') sourceLink?: string;
  @StandardFieldRules('purposeAndImpact') purposeAndImpact?: string;
  @StandardFieldRules('considerations') considerations?: string;
  @StandardFieldRules('humanIntervention') humanIntervention?: string;
  @StandardFieldRules('riskManagement') riskManagement?: string;
  @StandardFieldRules('legalBasis') legalBasis?: string;
  @StandardFieldRules('legalBasisLink') legalBasisLink?: string;
  @StandardFieldRules('legalBasisTitle') legalBasisTitle?: string;
  @StandardFieldRules('processingRegisterLink') processingRegisterLink?: string;
  @StandardFieldRules('impactAssessments') impactAssessments?: string;
  @StandardFieldRules('impactAssessmentLink') impactAssessmentLink?: string;
  @StandardFieldRules('impactAssessmentExplanation') impactAssessmentExplanation?: string;
  @StandardFieldRules('data') data?: string;
  @StandardFieldRules('dataSourceLink') dataSourceLink?: string;
  @StandardFieldRules('dataSourceTitle') dataSourceTitle?: string;
  @StandardFieldRules('technicalOperation') technicalOperation?: string;
  @StandardFieldRules('supplier') supplier?: string;
  @StandardFieldRules('sourceCodeLink') sourceCodeLink?: string;
  @StandardFieldRules('searchTerms') searchTerms?: string;
}

export class CreateProposalDto extends RegisterFieldsDto {
  @Type(() => Number) @IsInt() @Min(1) organisationId: number;
  @StandardFieldRules('name', 'required') declare name: string;
  @StandardFieldRules('descriptionShort', 'required') declare descriptionShort: string;
}

export class UpdateRegisterFieldsDto extends RegisterFieldsDto {
  /** The version the caller last read; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;
}
