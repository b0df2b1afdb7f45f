import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import {
  allQuestions,
  answerProblem,
  applicableQuestions,
  evaluateChecklist,
  unknownQuestionIds,
} from '../checklists/engine';
import { answersFromForm } from '../checklists/form-answers';
import type { PostedValue } from '../checklists/form-answers';
import type { Answers, ChecklistTemplateContent, Section } from '../checklists/template.types';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import type { FieldProblem } from '../common/validation';
import { AssessmentsService, legalFactsOf, Loaded } from './assessments.service';
import { Answer } from './entities/answer.entity';
import { Assessment } from './entities/assessment.entity';
import { fillRegisterFields } from './register-fields.service';
import { RemarksService } from './remarks.service';
import { bumpVersion, claimVersion } from './version-lock';
import { availableActions, editRefusal, refusalError } from './workflow';
import { WorkflowService } from './workflow.service';

/** One problem per question id; a save with any problem changes nothing. */
function answerProblems(
  template: ChecklistTemplateContent,
  changes: Record<string, unknown>,
  merged: Answers,
): FieldProblem[] {
  const questions = new Map(allQuestions(template).map((q) => [q.id, q]));
  const applicable = applicableQuestions(template, merged);
  const problems: FieldProblem[] = [];
  for (const [qid, value] of Object.entries(changes)) {
    const question = questions.get(qid);
    if (!question) problems.push({ field: qid, key: 'checklist.answer.unknownQuestion' });
    else if (value === null) continue;
    else if (!applicable.has(qid))
      problems.push({ field: qid, key: 'checklist.answer.notApplicable' });
    else {
      const problem = answerProblem(question, value);
      if (problem) problems.push({ field: qid, ...problem });
    }
  }
  return problems;
}

/**
 * Updates the answer to a question, or inserts it when there is none, as two plain statements.
 * Not TypeORM's upsert: on SQLite it reads the row's id from the connection's last inserted row,
 * which an update leaves alone and a restart resets, so changing an answer after a restart failed
 * ("entity id is not set") until some other insert happened, and was read against another row's
 * id after one. The version claimed before the save keeps two saves of one assessment apart.
 */
async function storeAnswer(
  em: EntityManager,
  key: Pick<Answer, 'assessmentId' | 'revision' | 'questionId'>,
  { value, answeredById }: Pick<Answer, 'value' | 'answeredById'>,
): Promise<void> {
  const answer = { value: value as object, answeredById };
  const updated = await em.update(Answer, key, answer);
  if (!updated.affected) await em.insert(Answer, { ...key, ...answer });
}

/** The proposer's answers to the checklist, kept per revision. */
@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly remarks: RemarksService,
  ) {}

  /**
   * Saves some answers of the current revision, all or none: a wrong type, an unknown question, a
   * question that does not apply or a stale version refuses the whole save. Changing the answers
   * of a published algorithm first takes the workflow's `revise` step, which opens a new revision
   * that must be reviewed again; the published version stays public meanwhile.
   */
  save(ctx: UserContext, id: number, version: number, changes: Record<string, unknown>) {
    return this.dataSource.transaction(async (em) =>
      this.saveLoaded(em, ctx, await this.assessments.load(em, ctx.user, id), version, changes),
    );
  }

  /**
   * Saves one section of the checklist as its page posts it: the section's fields are read by
   * their question types (answersFromForm, which drops an answer to a question that no longer
   * applies), then saved as `save` does, with the answers to the reviewers' remarks the page shows
   * beside the questions. Nothing is saved, and no version is claimed, when the form changes
   * nothing. Returns the section and the one after it, where "save and continue" goes.
   */
  async saveSection(
    ctx: UserContext,
    id: number,
    sectionId: string,
    version: number,
    posted: Record<string, PostedValue>,
    remarkAnswers: Record<string, string> = {},
  ): Promise<{ section: Section; next: Section | undefined }> {
    return this.dataSource.transaction(async (em) => {
      let loaded = await this.assessments.load(em, ctx.user, id);
      const { sections } = loaded.template;
      const index = sections.findIndex((s) => s.id === sectionId);
      if (index < 0) throw new DomainError('NOT_FOUND');
      const section = sections[index];
      const questionIds = section.questions.map((q) => q.id);
      const { changes, problems } = answersFromForm(
        loaded.template,
        questionIds,
        posted,
        loaded.answers,
      );
      // The form posts only this section's questions: any other key is refused by name.
      const unknown = unknownQuestionIds(section.questions, Object.keys(posted)).map((field) => ({
        field,
        key: 'checklist.answer.unknownQuestion',
      }));
      if (unknown.length || problems.length)
        throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
          ...unknown,
          ...problems,
        ]);
      const answering = Object.keys(remarkAnswers).length > 0;
      if (Object.keys(changes).length) {
        await this.saveLoaded(em, ctx, loaded, version, changes);
        if (answering) {
          // The save may have opened a new revision: the remarks are those it answers.
          loaded = await this.assessments.load(em, ctx.user, id);
          await this.remarks.save(em, ctx, loaded, remarkAnswers);
        }
      } else if (answering) {
        claimVersion(loaded.assessment, version);
        if (await this.remarks.save(em, ctx, loaded, remarkAnswers))
          await bumpVersion(em, loaded.assessment, version);
      }
      return { section, next: sections[index + 1] };
    });
  }

  /** `save` within the caller's transaction, on the assessment as the caller loaded it. */
  private async saveLoaded(
    em: EntityManager,
    ctx: UserContext,
    loaded: Loaded,
    version: number,
    changes: Record<string, unknown>,
  ) {
    const id = loaded.assessment.id;
    const { actorIs, publicState } = loaded;
    const state = loaded.assessment.state;
    if (actorIs.proposer && availableActions({ state, actorIs, publicState }).includes('revise')) {
      claimVersion(loaded.assessment, version);
      await this.workflow.applyTransition(em, loaded, 'revise', {}, ctx);
      loaded = await this.assessments.load(em, ctx.user, id);
      version = loaded.assessment.version;
    }
    const refusal = editRefusal(loaded.assessment.state, loaded.actorIs);
    if (refusal) throw refusalError(refusal);
    const merged: Answers = { ...loaded.answers };
    for (const [qid, value] of Object.entries(changes)) {
      if (value === null) delete merged[qid];
      else merged[qid] = value;
    }
    const problems = answerProblems(loaded.template, changes, merged);
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);

    await bumpVersion(em, loaded.assessment, version);
    const { assessment } = loaded;
    for (const [questionId, value] of Object.entries(changes)) {
      const key = { assessmentId: id, revision: assessment.revision, questionId };
      if (value === null) await em.delete(Answer, key);
      else await storeAnswer(em, key, { value, answeredById: ctx.user.id });
    }
    await fillRegisterFields(em, loaded.algorithm, loaded.template, merged, loaded.answers);
    await this.audit.record(em, ctx, {
      action: 'assessment.answers_save',
      objectType: 'assessment',
      objectId: id,
      actorRole: Role.Proposer,
      organisationId: loaded.algorithm.organisationId,
      result: 'success',
      details: { revision: assessment.revision, questions: Object.keys(changes) },
    });
    const fresh = await em.findOneByOrFail(Assessment, { id });
    return {
      version: fresh.version,
      revision: fresh.revision,
      answers: merged,
      evaluation: evaluateChecklist(loaded.template, merged, legalFactsOf(loaded, merged)),
    };
  }
}
