import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { organisationsWithRole } from '../../accounts/auth/auth-user';
import { Role } from '../../accounts/role';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { UserContext } from '../../common/request-context';
import type { ProposedCondition } from '../../reviews/entities/review.entity';
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

  /**
   * The conditions of a decision to approve with conditions, in the decision's transaction: those
   * the reviewers proposed that it adopts (with their review) and those the secretary adds.
   */
  async createForDecision(
    em: EntityManager,
    ctx: UserContext,
    decision: {
      assessmentId: number;
      organisationId: number;
      conditions: (ProposedCondition & { reviewId: number | null })[];
    },
  ): Promise<void> {
    for (const c of decision.conditions) {
      const { identifiers } = await em.insert(Condition, {
        assessmentId: decision.assessmentId,
        reviewId: c.reviewId,
        description: c.description,
        owner: c.owner,
        dueDate: c.dueDate,
      });
      await this.audit.record(em, ctx, {
        action: 'condition.create',
        objectType: 'condition',
        objectId: Number(identifiers[0].id),
        actorRole: Role.Secretary,
        organisationId: decision.organisationId,
        result: 'success',
        details: { assessmentId: decision.assessmentId, reviewId: c.reviewId, dueDate: c.dueDate },
      });
    }
  }

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
