import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Membership } from '../accounts/entities/membership.entity';
import type { User } from '../accounts/entities/user.entity';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { Review } from '../reviews/entities/review.entity';
import { AssessmentsService, Loaded } from './assessments.service';
import { Coauthor } from './entities/coauthor.entity';
import { partiesOf } from './parties';
import { editRefusal, refusalError } from './workflow';
import { WorkflowService } from './workflow.service';

/**
 * Co-authors: colleagues the proposer records as writing the proposal with them. They may write it
 * as the proposer does, and are parties to it as the proposer is (workflow.ts, dutyRefusal).
 */
@Injectable()
export class CoauthorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
  ) {}

  /** Who the proposer may add: active proposers of the organisation, not yet a party, never a reviewer of it. */
  async eligible(ctx: UserContext, id: number): Promise<User[]> {
    const em = this.dataSource.manager;
    return this.candidates(em, await this.assessments.load(em, ctx.user, id));
  }

  /** The proposer records a colleague as co-author, while the proposal can be written. */
  add(ctx: UserContext, id: number, userId: number): Promise<User> {
    return this.workflow.recordingRefusals(ctx, id, 'assessment.coauthor_add', () =>
      this.dataSource.transaction(async (em) => {
        const loaded = await this.assessments.load(em, ctx.user, id);
        if (loaded.assessment.proposerId !== ctx.user.id || !loaded.actorIs.proposer)
          throw new DomainError('NOT_ALLOWED', 'workflow.refused.onlyProposerAddsCoauthors');
        const refusal = editRefusal(loaded.assessment.state, loaded.actorIs);
        if (refusal) throw refusalError(refusal);
        if (await em.existsBy(Review, { assessmentId: id, reviewerId: userId }))
          throw new DomainError('SEPARATION_OF_DUTIES', 'workflow.refused.duty.reviewerAsCoauthor');
        const colleague = (await this.candidates(em, loaded)).find((u) => u.id === userId);
        if (!colleague)
          throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
            { field: 'userId', key: 'workflow.notAColleague' },
          ]);
        await em.insert(Coauthor, { assessmentId: id, userId, addedById: ctx.user.id });
        await this.audit.record(em, ctx, {
          action: 'assessment.coauthor_add',
          objectType: 'assessment',
          objectId: id,
          actorRole: Role.Proposer,
          organisationId: loaded.algorithm.organisationId,
          result: 'success',
          details: { userId },
        });
        return colleague;
      }),
    );
  }

  private async candidates(em: EntityManager, loaded: Loaded): Promise<User[]> {
    const parties = await partiesOf(em, loaded.assessment);
    const reviewers = (await em.findBy(Review, { assessmentId: loaded.assessment.id })).map(
      (r) => r.reviewerId,
    );
    const members = await em.find(Membership, {
      where: {
        organisationId: loaded.algorithm.organisationId,
        role: Role.Proposer,
        user: { disabled: false },
      },
      relations: { user: true },
      order: { user: { name: 'ASC' } },
    });
    return members
      .map((m) => m.user)
      .filter((u) => !parties.includes(u.id) && !reviewers.includes(u.id));
  }
}
