import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Membership } from '../accounts/entities/membership.entity';
import type { User } from '../accounts/entities/user.entity';
import { Role } from '../accounts/role';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import { partiesOf } from '../assessments/parties';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { Review } from './entities/review.entity';

/**
 * Which reviewers review which revision. An assignment is a review row without a decision yet; the
 * workflow's assign and resubmit steps write them, the secretary's picker lists who may be chosen.
 * Provided by AssessmentsModule, whose steps and pages use it.
 */
@Injectable()
export class ReviewerAssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
  ) {}

  /** Reviewers of an organisation, for the secretary's picker; never a party to this assessment. */
  async eligible(ctx: UserContext, assessmentId: number): Promise<User[]> {
    const em = this.dataSource.manager;
    const { algorithm, assessment } = await this.assessments.load(em, ctx.user, assessmentId);
    const rows = await this.activeReviewers(em, algorithm.organisationId);
    const parties = await partiesOf(em, assessment);
    return rows.map((m) => m.user).filter((u) => !parties.includes(u.id));
  }

  /**
   * Adds reviewers to the current revision; those already assigned stay, and so do their
   * positions. Reviewers must be active reviewers of the assessment's organisation; its parties
   * never (the table's guard says so). `reason`: why the set changes after someone signed, kept
   * with each reviewer it adds.
   */
  async assign(
    em: EntityManager,
    assessment: Assessment,
    organisationId: number,
    reviewerIds: number[],
    reason: string | null,
  ): Promise<void> {
    const eligible = await this.activeReviewers(em, organisationId, reviewerIds);
    const unknown = reviewerIds.filter((id) => !eligible.some((m) => m.userId === id));
    if (unknown.length) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'reviewerIds', key: 'workflow.notAReviewer', params: { ids: unknown.join(', ') } },
      ]);
    }
    const existing = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const added = reviewerIds.filter((id) => !existing.some((r) => r.reviewerId === id));
    if (added.length)
      await em.insert(
        Review,
        added.map((reviewerId) => ({
          assessmentId: assessment.id,
          revision: assessment.revision,
          reviewerId,
          assignmentReason: reason,
        })),
      );
  }

  /** After changes, the reviewers of the previous revision review the new one (their old sign-offs do not count). */
  async carryOver(em: EntityManager, assessment: Assessment): Promise<void> {
    const previous = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision - 1,
    });
    const current = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const missing = previous.filter((p) => !current.some((c) => c.reviewerId === p.reviewerId));
    if (missing.length) {
      await em.insert(
        Review,
        missing.map((p) => ({
          assessmentId: assessment.id,
          revision: assessment.revision,
          reviewerId: p.reviewerId,
        })),
      );
    }
  }

  /** Who may review in an organisation: its members with the reviewer role whose account is not disabled. */
  private activeReviewers(
    em: EntityManager,
    organisationId: number,
    userIds?: number[],
  ): Promise<Membership[]> {
    return em.find(Membership, {
      where: {
        organisationId,
        role: Role.Reviewer,
        ...(userIds ? { userId: In(userIds) } : {}),
        user: { disabled: false },
      },
      relations: { user: true },
    });
  }
}
