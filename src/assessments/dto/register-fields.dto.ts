import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import type { AlgorithmStatus } from '../../algorithms/publicatiestandaard';
import { StandardFieldRules } from '../../algorithms/standard-field-rules';

/**
 * The Publicatiestandaard fields a proposer fills in or corrects, each checked as its definition
 * in src/algorithms/publicatiestandaard.ts says, but for the name and the short description: a
 * new proposal must have those, a change need not. class-validator gives a subclass the rules of
 * its parent as well, so a parent's @IsOptional would let a required field be left out (and the
 * database's NOT NULL answer with a 500); each DTO below therefore declares those two itself.
 */
abstract class OtherRegisterFields {
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

/** All optional; what submission needs is checked then. */
export class RegisterFieldsDto extends OtherRegisterFields {
  @StandardFieldRules('name') name?: string;
  @StandardFieldRules('descriptionShort') descriptionShort?: string;
}

export class CreateProposalDto extends OtherRegisterFields {
  @Type(() => Number) @IsInt() @Min(1) organisationId: number;
  @StandardFieldRules('name', 'required') name: string;
  @StandardFieldRules('descriptionShort', 'required') descriptionShort: string;
}

export class UpdateRegisterFieldsDto extends RegisterFieldsDto {
  /** The version the caller last read; a stale one is refused with 409. */
  @Type(() => Number) @IsInt() @Min(1) version: number;
}
