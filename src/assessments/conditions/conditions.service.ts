import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { organisationsWithRole } from '../../accounts/auth/auth-user';
import { Role } from '../../accounts/role';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { UserContext } from '../../common/request-context';
import { AssessmentsService } from '../assessments.service';
import { Assessment } from '../entities/assessment.entity';
import { Condition } from '../entities/condition.entity';
import { today } from '../reassessment';
import { transitionFor } from '../workflow';

/**
 * After a decision: the conditions reviewers attached to an approval, and the follow-up list of a
 * secretary (conditions past their due date, approvals due for re-assessment).
 */
@Injectable()
export class ConditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
  ) {}

  /** The secretary or the proposer marks a condition fulfilled. */
  async markDone(ctx: UserContext, conditionId: number): Promise<Condition> {
    return this.dataSource.transaction(async (em) => {
      const condition = await em.findOneBy(Condition, { id: conditionId });
      if (!condition) throw new DomainError('NOT_FOUND');
      const loaded = await this.assessments.load(em, ctx.user, condition.assessmentId);
      if (!loaded.actorIs.secretary && !loaded.actorIs.proposer)
        throw new DomainError('NOT_ALLOWED', 'workflow.refused.conditionDone');
      if (condition.doneAt) return condition;
      await em.update(
        Condition,
        { id: conditionId },
        { doneAt: new Date(), doneById: ctx.user.id },
      );
      await this.audit.record(em, ctx, {
        action: 'condition.done',
        objectType: 'condition',
        objectId: conditionId,
        actorRole: loaded.actorIs.secretary ? Role.Secretary : Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        details: { assessmentId: condition.assessmentId },
      });
      return em.findOneByOrFail(Condition, { id: conditionId });
    });
  }

  /**
   * For secretaries: conditions past their due date, and approvals due for re-assessment: published
   * ones whose date has come, and those already marked due (the table's mark_reassessment_due).
   */
  async followUps({ user }: UserContext, now = new Date()) {
    const orgIds = organisationsWithRole(user, Role.Secretary);
    if (!orgIds.length) return { overdueConditions: [], reassessmentsDue: [] };
    const day = today(now);
    const overdueConditions = await this.dataSource.getRepository(Condition).find({
      where: {
        doneAt: IsNull(),
        dueDate: LessThan(day),
        assessment: { algorithm: { organisationId: In(orgIds) } },
      },
      relations: { assessment: { algorithm: true } },
      order: { dueDate: 'ASC' },
    });
    const due = transitionFor('mark_reassessment_due');
    const reassessmentsDue = await this.dataSource.getRepository(Assessment).find({
      where: [
        {
          state: In([...due.from]),
          reassessmentDue: LessThanOrEqual(day),
          algorithm: { organisationId: In(orgIds) },
        },
        { state: due.to, algorithm: { organisationId: In(orgIds) } },
      ],
      relations: { algorithm: true },
      order: { reassessmentDue: 'ASC' },
    });
    return { overdueConditions, reassessmentsDue };
  }
}
