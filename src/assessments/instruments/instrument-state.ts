import type { EntityManager } from 'typeorm';
import type { ChecklistEvaluation } from '../../checklists/engine';
import type { LegalFacts } from '../../law/legal-facts';
import { organisationPolicies } from '../../organisations/policies';
import type { Instrument } from '../entities/instrument.entity';
import { INSTRUMENT_KINDS, requiredInstruments } from './instrument-rules';
import type { InstrumentKind, InstrumentReason, InstrumentStatus } from './instrument-rules';

/** One instrument of an assessment: whether it is required and why, and its record if any. */
export interface InstrumentState {
  kind: InstrumentKind;
  required: boolean;
  reasons: InstrumentReason[];
  /** The record's status; not started while there is none. */
  status: InstrumentStatus;
  record: Instrument | null;
}

/**
 * The instruments of an assessment as its facts, its rules' publication category and its
 * organisation's policy make them: each kind, required or not, with its record.
 */
export async function instrumentStates(
  em: EntityManager,
  organisationId: number,
  facts: LegalFacts,
  evaluation: ChecklistEvaluation,
  records: readonly Instrument[],
): Promise<InstrumentState[]> {
  const { iamaForImpactful } = await organisationPolicies(em, organisationId);
  const impactful = ['A', 'B'].includes(evaluation.publicationCategory);
  const required = requiredInstruments(facts, { impactful, iamaForImpactful });
  return INSTRUMENT_KINDS.map((kind) => {
    const reasons = required.find((r) => r.kind === kind)?.reasons ?? [];
    const record = records.find((r) => r.kind === kind) ?? null;
    return {
      kind,
      required: reasons.length > 0,
      reasons,
      status: record?.status ?? 'not_started',
      record,
    };
  });
}
