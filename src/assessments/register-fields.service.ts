import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { missingRequiredProperties, STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import { AuditService } from '../audit/audit.service';
import { allQuestions, applicableQuestions } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent } from '../checklists/template.types';
import type { UserContext } from '../common/request-context';
import { AssessmentsService } from './assessments.service';
import { RegisterFieldsDto, UpdateRegisterFieldsDto } from './dto/register-fields.dto';
import { bumpVersion } from './version-lock';
import { editRefusal, refusalError } from './workflow';

/** The publication category is derived by the rules, so the proposer is never asked for it. */
/**
 * Required Publicatiestandaard fields of the register entry that the proposer must still fill, by
 * schema key. The publication category is not theirs: the rules decide it at publication.
 */
export function missingRegisterFields(algorithm: Algorithm): string[] {
  return missingRequiredProperties(algorithm).filter((key) => key !== 'publication_category');
}

/**
 * Copies answers into the register fields they correspond to (`register` in the template), only
 * into fields that are still empty: what the proposer typed in a field wins.
 */
export async function fillRegisterFields(
  em: EntityManager,
  algorithm: Algorithm,
  template: ChecklistTemplateContent,
  answers: Answers,
): Promise<void> {
  const updates = registerFieldFills(algorithm, template, answers);
  if (Object.keys(updates).length) {
    await em.update(Algorithm, { id: algorithm.id }, updates);
    Object.assign(algorithm, updates);
  }
}

/** What fillRegisterFields would write, by property, without writing it (the publish preview). */
export function registerFieldFills(
  algorithm: Algorithm,
  template: ChecklistTemplateContent,
  answers: Answers,
): Record<string, string> {
  const applicable = applicableQuestions(template, answers);
  const byField = new Map<string, string[]>();
  for (const q of allQuestions(template)) {
    const value = answers[q.id];
    if (q.register && applicable.has(q.id) && typeof value === 'string' && value.trim()) {
      byField.set(q.register, [...(byField.get(q.register) ?? []), value.trim()]);
    }
  }
  const updates: Record<string, string> = {};
  const current = algorithm as unknown as Record<string, unknown>;
  for (const [key, parts] of byField) {
    const field = STANDARD_FIELDS.find((f) => f.key === key)!;
    if (current[field.property]) continue;
    updates[field.property] = parts.join('\n\n').slice(0, field.maxLength);
  }
  return updates;
}

/** The register entry's Publicatiestandaard fields as the proposer edits them before submission. */
@Injectable()
export class RegisterFieldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
  ) {}

  async update(ctx: UserContext, id: number, dto: UpdateRegisterFieldsDto): Promise<Algorithm> {
    return this.dataSource.transaction(async (em) => {
      const loaded = await this.assessments.load(em, ctx.user, id);
      const refusal = editRefusal(loaded.assessment.state, loaded.actorIs);
      if (refusal) throw refusalError(refusal);
      const { version, ...fields } = dto;
      await bumpVersion(em, loaded.assessment, version);
      await em.update(Algorithm, { id: loaded.algorithm.id }, fields as RegisterFieldsDto);
      await this.audit.record(em, ctx, {
        action: 'algorithm.update',
        objectType: 'algorithm',
        objectId: loaded.algorithm.id,
        actorRole: Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        details: { fields: Object.keys(fields) },
      });
      return em.findOneByOrFail(Algorithm, { id: loaded.algorithm.id });
    });
  }
}
