import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import type { FieldProblem } from '../common/validation';
import { AssessmentsService, Loaded } from './assessments.service';
import { RemarkAnswer } from './entities/remark-answer.entity';
import { remarksAnsweredIn } from './remarks';
import { bumpVersion, claimVersion } from './version-lock';
import { editRefusal, refusalError } from './workflow';

const MAX_ANSWER = 2000;

/**
 * Answering the commission: the proposer answers each remark the reviewers made on the revision
 * before (remarks.ts), on the section page with the section's answers or through the API;
 * resubmission waits until every remark is answered (the workflow's remarks_answered guard).
 */
@Injectable()
export class RemarksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
  ) {}

  /** The API's save: some answers by remark key, all or none; an empty answer removes one. */
  answer(ctx: UserContext, id: number, version: number, answers: Record<string, string>) {
    return this.dataSource.transaction(async (em) => {
      const loaded = await this.assessments.load(em, ctx.user, id);
      claimVersion(loaded.assessment, version);
      const changed = await this.save(em, ctx, loaded, answers);
      if (changed) await bumpVersion(em, loaded.assessment, version);
      return remarksAnsweredIn(em, id, loaded.assessment.revision);
    });
  }

  /**
   * Saves answers within the caller's transaction, after checking them: the proposer in a state
   * they may write in, only remarks open to this revision, each within its limit. True when
   * anything changed; the caller claims the version.
   */
  async save(
    em: EntityManager,
    ctx: UserContext,
    loaded: Loaded,
    answers: Record<string, string>,
  ): Promise<boolean> {
    const { assessment } = loaded;
    const refusal = editRefusal(assessment.state, loaded.actorIs);
    if (refusal) throw refusalError(refusal);
    const remarks = await remarksAnsweredIn(em, assessment.id, assessment.revision);
    const problems: FieldProblem[] = [];
    const changes: [string, string][] = [];
    for (const [key, value] of Object.entries(answers)) {
      const remark = remarks.find((r) => r.key === key);
      const field = `remarkAnswers.${key}`;
      if (!remark) problems.push({ field, key: 'workflow.unknownRemark' });
      else if (typeof value !== 'string') problems.push({ field, key: 'validation.isString' });
      else if (value.length > MAX_ANSWER)
        problems.push({ field, key: 'validation.maxLength', params: { max: MAX_ANSWER } });
      else if (value.trim() !== (remark.answer ?? '')) changes.push([key, value.trim()]);
    }
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);
    for (const [remark, answer] of changes) {
      const row = { assessmentId: assessment.id, revision: assessment.revision, remark };
      if (!answer) await em.delete(RemarkAnswer, row);
      else
        await em.upsert(RemarkAnswer, { ...row, answer, answeredById: ctx.user.id }, [
          'assessmentId',
          'revision',
          'remark',
        ]);
    }
    if (changes.length)
      await this.audit.record(em, ctx, {
        action: 'assessment.remarks_answer',
        objectType: 'assessment',
        objectId: assessment.id,
        actorRole: Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        details: { revision: assessment.revision, remarks: changes.map(([key]) => key) },
      });
    return changes.length > 0;
  }
}
