import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { membersWithRole } from '../accounts/members';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import { dbTime, q } from '../database/sql';
import { NotificationsService } from '../notifications/notifications.service';
import { organisationPolicies } from '../organisations/policies';
import { RegisterService } from '../register/register.service';
import type { FeedbackDto } from './dto/feedback.dto';
import { Feedback } from './entities/feedback.entity';
import { addWorkingDays } from './working-days';

/** At most this many messages per address in one window; counted in the database for all instances. */
export const FEEDBACK_LIMIT = 5;
export const FEEDBACK_WINDOW_MS = 10 * 60_000;

/**
 * Adds a message to the address's counter, opening a new window when the last one has run out,
 * and returns the new count: one statement, so parallel messages each get a count of their own
 * (a read followed by a write let them all through, or clashed on the key).
 */
const COUNT_MESSAGE = `
  INSERT INTO register_feedback_counters (key, window_start, count) VALUES (?, ?, 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN register_feedback_counters.window_start < ?
      THEN 1 ELSE register_feedback_counters.count + 1 END,
    window_start = CASE WHEN register_feedback_counters.window_start < ?
      THEN excluded.window_start ELSE register_feedback_counters.window_start END
  RETURNING count`;

/** A message from the public, received for the organisation that owns the entry. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly ds: DataSource,
    private readonly register: RegisterService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Stores a message from the public for the organisation that owns the entry. */
  async submit(ctx: RequestContext, publicId: string, dto: FeedbackDto): Promise<void> {
    const owner = await this.register.entryOwner(publicId);
    // Only a hash of the address is kept, and only for the length of the window.
    const key = createHash('sha256').update(`feedback:${ctx.address}`).digest('hex');
    const now = new Date();
    const windowOver = dbTime(this.ds, new Date(now.getTime() - FEEDBACK_WINDOW_MS));
    const [counter] = await q<{ count: number | string }>(this.ds, COUNT_MESSAGE, [
      key,
      dbTime(this.ds, now),
      windowOver,
      windowOver,
    ]);
    if (Number(counter.count) > FEEDBACK_LIMIT)
      throw new DomainError('TOO_MANY_REQUESTS', 'register.feedback.tooMany');
    await this.ds.transaction(async (em) => {
      const feedback = await em.save(
        em.create(Feedback, {
          algorithmId: owner.algorithmId,
          organisationId: owner.organisationId,
          name: dto.name ?? null,
          email: dto.email ?? null,
          message: dto.message,
          publishConsent: dto.publishConsent === 'yes',
          language: ctx.lang,
          state: 'new',
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'feedback.receive',
        objectType: 'feedback',
        objectId: feedback.id,
        result: 'success',
        organisationId: owner.organisationId,
        // Whether the resident can be answered and agreed to publication; never the address.
        details: {
          algorithmId: owner.algorithmId,
          email: feedback.email !== null,
          publishConsent: feedback.publishConsent,
        },
      });
      // Those who answer the organisation's residents hear of it, with the message itself and
      // the day by which the organisation promised the resident an answer.
      const { feedbackAnswerDays } = await organisationPolicies(em, owner.organisationId);
      await this.notifications.notify(em, {
        kind: 'feedback_new',
        eventKey: `feedback:${feedback.id}`,
        userIds: await membersWithRole(em, owner.organisationId, Role.Secretary, Role.Admin),
        organisationId: owner.organisationId,
        params: {
          entry: owner.name,
          message: dto.message.slice(0, 1000),
          due: addWorkingDays(now, feedbackAnswerDays),
          days: feedbackAnswerDays,
        },
        path: `/feedback/${feedback.id}`,
      });
    });
  }
}
