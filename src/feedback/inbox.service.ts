import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { FindOptionsWhere } from 'typeorm';
import { hasRole, organisationsWithRole } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import { recordingRefusals } from '../audit/audit-refusal';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { NotificationsService } from '../notifications/notifications.service';
import { bumpRegisterVersion } from '../publications/register-projection';
import type { AnswerFeedbackDto } from './dto/answer.dto';
import type { InboxQueryDto } from './dto/inbox-query.dto';
import { Feedback } from './entities/feedback.entity';

export const INBOX_PAGE_SIZE = 20;

export interface InboxListing {
  items: Feedback[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The viewer reads more than one organisation's messages: show whose each is. */
  manyOrganisations: boolean;
}

export interface FeedbackView {
  feedback: Feedback;
  /** One of the organisation's secretaries or admins: may act on it and see the address. */
  mayAnswer: boolean;
}

/**
 * The feedback inbox: the messages of the organisations in which the user is a secretary or an
 * admin (the operator reads all, but answers for no organisation), and the steps on one message:
 * in progress, answered (by e-mail when the resident left an address), published on the entry
 * (only with the resident's consent). Another organisation's message is not found (404), as
 * anywhere in Waarborg; every step is audited in its own transaction, a refusal too.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async list(ctx: UserContext, query: InboxQueryDto): Promise<InboxListing> {
    const organisations = readable(ctx);
    const where: FindOptionsWhere<Feedback> = {
      ...(organisations ? { organisationId: In(organisations) } : {}),
      ...(query.status ? { state: query.status } : {}),
    };
    const page = query.page ?? 1;
    const [items, total] = await this.ds.getRepository(Feedback).findAndCount({
      where,
      relations: { algorithm: true, organisation: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * INBOX_PAGE_SIZE,
      take: INBOX_PAGE_SIZE,
    });
    return {
      items,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
      pageSize: INBOX_PAGE_SIZE,
      manyOrganisations: organisations === null || organisations.length > 1,
    };
  }

  /** Messages not yet answered (new or in progress) of the organisations the user answers for. */
  async openCount(ctx: UserContext): Promise<number> {
    const organisations = organisationsWithRole(ctx.user, Role.Secretary, Role.Admin);
    if (!organisations.length) return 0;
    return this.ds.getRepository(Feedback).countBy({
      organisationId: In(organisations),
      state: In(['new', 'in_progress']),
    });
  }

  async view(ctx: UserContext, id: number): Promise<FeedbackView> {
    const feedback = await this.visible(this.ds.manager, ctx, id);
    return { feedback, mayAnswer: mayAnswer(ctx, feedback) };
  }

  async markInProgress(ctx: UserContext, id: number): Promise<void> {
    await this.step(ctx, 'feedback.in_progress', id, async (em, feedback) => {
      if (feedback.state !== 'new') throw stateRefusal(feedback);
      const done = await em
        .createQueryBuilder()
        .update(Feedback)
        .set({ state: 'in_progress', handledAt: new Date() })
        .where("id = :id AND state = 'new'", { id })
        .execute();
      if (!done.affected) throw new DomainError('CONFLICT', 'feedback.errors.changed');
      return {};
    });
  }

  /**
   * Records the answer. When the resident left an address, the answer goes into the outbox for
   * it in the same transaction and the address is removed from the message: it was left for
   * this answer and is needed for nothing else (the outbox keeps its copy until it is sent).
   */
  async answer(ctx: UserContext, id: number, dto: AnswerFeedbackDto): Promise<void> {
    await this.step(ctx, 'feedback.answer', id, async (em, feedback) => {
      if (feedback.state === 'answered')
        throw new DomainError('CONFLICT', 'feedback.errors.alreadyAnswered');
      const now = new Date();
      const emailed = feedback.email !== null;
      // Conditional, so that of two answers given at once only one counts.
      const done = await em
        .createQueryBuilder()
        .update(Feedback)
        .set({
          state: 'answered',
          answer: dto.answer,
          answeredAt: now,
          answeredById: ctx.user.id,
          handledAt: feedback.handledAt ?? now,
          answerEmailed: emailed,
          email: null,
        })
        .where("id = :id AND state <> 'answered'", { id })
        .execute();
      if (!done.affected) throw new DomainError('CONFLICT', 'feedback.errors.alreadyAnswered');
      if (feedback.email !== null)
        await this.notifications.notifyAddress(em, {
          kind: 'feedback_answer',
          eventKey: `feedback-answer:${feedback.id}`,
          address: feedback.email,
          language: feedback.language,
          organisationId: feedback.organisationId,
          params: {
            entry: feedback.algorithm.name,
            organisation: feedback.organisation.name,
            message: feedback.message.slice(0, 1000),
            answer: dto.answer,
          },
          path: `/register/${feedback.algorithm.publicId}`,
        });
      return { emailed };
    });
  }

  /** Puts the question and its answer on the public entry; only what the resident agreed to. */
  async publish(ctx: UserContext, id: number): Promise<void> {
    await this.step(ctx, 'feedback.publish', id, async (em, feedback) => {
      if (!feedback.publishConsent)
        throw new DomainError('UNPROCESSABLE', 'feedback.errors.noConsent');
      if (feedback.state !== 'answered')
        throw new DomainError('UNPROCESSABLE', 'feedback.errors.notAnswered');
      if (feedback.publishedAt !== null)
        throw new DomainError('CONFLICT', 'feedback.errors.alreadyPublished');
      const done = await em
        .createQueryBuilder()
        .update(Feedback)
        .set({ publishedAt: new Date() })
        .where("id = :id AND state = 'answered' AND published_at IS NULL", { id })
        .execute();
      if (!done.affected) throw new DomainError('CONFLICT', 'feedback.errors.alreadyPublished');
      // The entry's cached pages and API answers now miss the question: stale everywhere.
      await bumpRegisterVersion(em);
      return {};
    });
  }

  /**
   * One step on one message, in one transaction with its audit event: the message is found only
   * if the user may read it, and acted on only by one of its organisation's secretaries or admins.
   * A refusal is recorded too, without the organisation when the message was not the user's to see.
   */
  private async step(
    ctx: UserContext,
    action: string,
    id: number,
    work: (em: EntityManager, feedback: Feedback) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    await recordingRefusals(
      this.ds,
      this.audit,
      ctx,
      { action, objectType: 'feedback', objectId: id },
      () =>
        this.ds.transaction(async (em) => {
          const feedback = await this.visible(em, ctx, id);
          if (!mayAnswer(ctx, feedback))
            throw new DomainError('NOT_ALLOWED', 'feedback.errors.readOnly');
          const details = await work(em, feedback);
          await this.audit.record(em, ctx, {
            action,
            objectType: 'feedback',
            objectId: id,
            result: 'success',
            actorRole: hasRole(ctx.user, Role.Secretary, feedback.organisationId)
              ? Role.Secretary
              : Role.Admin,
            organisationId: feedback.organisationId,
            details: { algorithmId: feedback.algorithmId, ...details },
          });
        }),
    );
  }

  private async visible(em: EntityManager, ctx: UserContext, id: number): Promise<Feedback> {
    const feedback = await em.getRepository(Feedback).findOne({
      where: { id },
      relations: { algorithm: true, organisation: true, answeredBy: true },
    });
    const organisations = readable(ctx);
    if (!feedback || (organisations && !organisations.includes(feedback.organisationId)))
      throw new DomainError('NOT_FOUND', 'feedback.errors.notFound');
    return feedback;
  }
}

/** The organisations whose messages the user reads; null for all (the operator). */
function readable(ctx: UserContext): number[] | null {
  return ctx.user.operator ? null : organisationsWithRole(ctx.user, Role.Secretary, Role.Admin);
}

function mayAnswer(ctx: UserContext, feedback: Feedback): boolean {
  return (
    hasRole(ctx.user, Role.Secretary, feedback.organisationId) ||
    hasRole(ctx.user, Role.Admin, feedback.organisationId)
  );
}

function stateRefusal(feedback: Feedback): DomainError {
  return new DomainError(
    'CONFLICT',
    feedback.state === 'answered' ? 'feedback.errors.alreadyAnswered' : 'feedback.errors.notNew',
  );
}
