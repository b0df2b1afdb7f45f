import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { membersWithRole } from '../accounts/members';
import { Role } from '../accounts/role';
import { q } from '../database/sql';
import type { NotificationKind } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { Review } from '../reviews/entities/review.entity';
import { Assessment } from './entities/assessment.entity';
import type { Loaded } from './assessments.service';
import type { WorkflowAction } from './workflow';

/** Who hears of a step: its kind of message, and to whom it goes. */
const NOTICES: Partial<
  Record<WorkflowAction, { kind: NotificationKind; to: 'reviewers' | 'parties' | 'everyone' }>
> = {
  assign: { kind: 'reviewer_assigned', to: 'reviewers' },
  request_changes: { kind: 'sent_back', to: 'parties' },
  approve: { kind: 'decision', to: 'parties' },
  approve_with_conditions: { kind: 'decision', to: 'parties' },
  reject: { kind: 'decision', to: 'parties' },
  publish: { kind: 'publication', to: 'everyone' },
  mark_reassessment_due: { kind: 'reassessment_due', to: 'everyone' },
};

/**
 * The e-mail the commission's work sends, written in the step's own transaction (see
 * NotificationsService): the proposer and co-authors hear of what happens to their proposal, the
 * reviewers of their assignment, the secretaries of a publication, a re-assessment falling due
 * and of the last reviewer signing.
 */
@Injectable()
export class WorkflowNotices {
  constructor(private readonly notifications: NotificationsService) {}

  /** After a step, with the assessment as the step left it (its version is new for every step). */
  async afterStep(
    em: EntityManager,
    action: WorkflowAction,
    loaded: Loaded,
    reviewerIds: number[],
    deadline: string | undefined,
  ): Promise<void> {
    const notice = NOTICES[action];
    if (!notice) return;
    const { assessment, algorithm } = loaded;
    const userIds =
      notice.to === 'reviewers'
        ? reviewerIds
        : [
            ...(await partiesOf(em, assessment.id, assessment.proposerId)),
            ...(notice.to === 'everyone'
              ? await membersWithRole(em, algorithm.organisationId, Role.Secretary)
              : []),
          ];
    await this.notifications.notify(em, {
      kind: notice.kind,
      eventKey: `${notice.kind}:${assessment.id}:v${assessment.version}`,
      userIds,
      organisationId: algorithm.organisationId,
      params: { name: algorithm.name, deadline: deadline ?? '-' },
      translatedParams: { outcome: `mail.outcome.${action}` },
      path: `/assessments/${assessment.id}`,
    });
  }

  /** The daily job found a published application past its re-assessment date. */
  async reassessmentDue(em: EntityManager, assessmentId: number, dueDate: string): Promise<void> {
    const assessment = await em.findOneByOrFail(Assessment, { id: assessmentId });
    const algorithm = await em.findOneByOrFail(Algorithm, { id: assessment.algorithmId });
    await this.notifications.notify(em, {
      kind: 'reassessment_due',
      eventKey: `reassessment_due:${assessment.id}:${dueDate}`,
      userIds: [
        ...(await partiesOf(em, assessment.id, assessment.proposerId)),
        ...(await membersWithRole(em, algorithm.organisationId, Role.Secretary)),
      ],
      organisationId: algorithm.organisationId,
      params: { name: algorithm.name },
      path: `/assessments/${assessment.id}`,
    });
  }

  /** When a reviewer's sign-off was the last one the revision waited for: the secretaries decide. */
  async afterSignOff(em: EntityManager, loaded: Loaded): Promise<void> {
    const { assessment, algorithm } = loaded;
    const reviews = await em.findBy(Review, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    if (reviews.some((r) => !r.signedAt)) return;
    await this.notifications.notify(em, {
      kind: 'reviews_complete',
      eventKey: `reviews_complete:${assessment.id}:${assessment.revision}`,
      userIds: await membersWithRole(em, algorithm.organisationId, Role.Secretary),
      organisationId: algorithm.organisationId,
      params: { name: algorithm.name },
      path: `/assessments/${assessment.id}/decision`,
    });
  }
}

async function partiesOf(
  em: EntityManager,
  assessmentId: number,
  proposerId: number | null,
): Promise<number[]> {
  const coauthors = await q<{ user_id: number }>(
    em,
    'SELECT user_id FROM assessment_coauthors WHERE assessment_id = ?',
    [assessmentId],
  );
  return [...(proposerId === null ? [] : [proposerId]), ...coauthors.map((c) => Number(c.user_id))];
}
