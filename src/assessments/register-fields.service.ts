import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { missingRequiredProperties, STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import { AuditService } from '../audit/audit.service';
import { allQuestions, applicableQuestions } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent, Question } from '../checklists/template.types';
import type { UserContext } from '../common/request-context';
import { cutAtWord } from '../common/plain-text';
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
 * Copies answers into the register fields they correspond to (`register` in the template): into
 * fields that are empty, and into fields that still hold exactly what the `previous` answers
 * made of them, so a field filled from the first answer follows the answers given after it. What
 * the proposer typed in a field wins.
 */
export async function fillRegisterFields(
  em: EntityManager,
  algorithm: Algorithm,
  template: ChecklistTemplateContent,
  answers: Answers,
  previous?: Answers,
): Promise<void> {
  const updates = registerFieldFills(algorithm, template, answers, previous);
  if (Object.keys(updates).length) {
    await em.update(Algorithm, { id: algorithm.id }, updates);
    Object.assign(algorithm, updates);
  }
}

/** Per register field, the applicable questions that fill it with a written answer, in template order. */
function answersByField(
  template: ChecklistTemplateContent,
  answers: Answers,
): Map<string, { question: Question; text: string }[]> {
  const applicable = applicableQuestions(template, answers);
  const byField = new Map<string, { question: Question; text: string }[]>();
  for (const q of allQuestions(template)) {
    const value = answers[q.id];
    if (q.register && applicable.has(q.id) && typeof value === 'string' && value.trim()) {
      byField.set(q.register, [
        ...(byField.get(q.register) ?? []),
        { question: q, text: value.trim() },
      ]);
    }
  }
  return byField;
}

/**
 * The one text a field gets from several answers: each answer a paragraph of its own, in the
 * template's order, and only whole answers within the field's limit, so that the register never
 * shows a sentence cut off halfway. An answer longer than the whole limit on its own (a template
 * may allow more than the standard) ends at the last word that fits, with an ellipsis.
 */
export function joinedAnswers(parts: string[], maxLength = Infinity): string {
  const kept: string[] = [];
  let length = 0;
  for (const part of parts) {
    const added = (kept.length ? 2 : 0) + part.length;
    if (length + added <= maxLength) {
      kept.push(part);
      length += added;
    } else if (!kept.length) {
      return cutAtWord(part, maxLength);
    }
  }
  return kept.join('\n\n');
}

/** What fillRegisterFields would write, by property, without writing it (the publish preview). */
export function registerFieldFills(
  algorithm: Algorithm,
  template: ChecklistTemplateContent,
  answers: Answers,
  previous?: Answers,
): Record<string, string> {
  const updates: Record<string, string> = {};
  const current = algorithm as unknown as Record<string, unknown>;
  const before = previous
    ? answersByField(template, previous)
    : new Map<string, { text: string }[]>();
  for (const [key, parts] of answersByField(template, answers)) {
    const field = STANDARD_FIELDS.find((f) => f.key === key)!;
    const text = joinedAnswers(
      parts.map((p) => p.text),
      field.maxLength,
    );
    const value = current[field.property];
    const earlier = before.get(key);
    const answersOwn =
      !!earlier &&
      value ===
        joinedAnswers(
          earlier.map((p) => p.text),
          field.maxLength,
        );
    if ((!value || answersOwn) && value !== text) updates[field.property] = text;
  }
  return updates;
}

/**
 * The register fields whose text is the answers' own, with the questions that gave it: a field
 * the proposer wrote or changed is theirs and is not listed. The entry shows residents where each
 * text came from.
 */
export function registerFieldSources(
  algorithm: Algorithm,
  template: ChecklistTemplateContent,
  answers: Answers,
): { field: string; questions: Question['text'][] }[] {
  const current = algorithm as unknown as Record<string, unknown>;
  const sources: { field: string; questions: Question['text'][] }[] = [];
  for (const [key, parts] of answersByField(template, answers)) {
    const field = STANDARD_FIELDS.find((f) => f.key === key)!;
    const text = joinedAnswers(
      parts.map((p) => p.text),
      field.maxLength,
    );
    if (current[field.property] === text)
      sources.push({ field: key, questions: parts.map((p) => p.question.text) });
  }
  return sources;
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
