import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { DailyJob, DailyJobRun, JobCounts, RunsDaily } from '../../scheduler/daily-job';
import { translate } from '../../i18n/i18n';
import { NotificationPreference } from '../entities/notification-preference.entity';
import { OutboxMessage } from '../entities/outbox-message.entity';
import { OutboxSender } from '../outbox-sender';

/**
 * Once a day, gathers each user's messages chosen for the digest into one e-mail, in the same
 * transaction that marks them digested: a message is in exactly one digest.
 */
@Injectable()
@RunsDaily('mail-digest')
export class MailDigestJob implements DailyJob {
  constructor(
    private readonly ds: DataSource,
    private readonly sender: OutboxSender,
  ) {}

  async run({ day }: DailyJobRun): Promise<JobCounts> {
    const waiting = await this.ds.getRepository(OutboxMessage).find({
      where: { state: 'digest' },
      order: { id: 'ASC' },
    });
    const byUser = new Map<number, OutboxMessage[]>();
    for (const m of waiting)
      if (m.recipientUserId !== null)
        byUser.set(m.recipientUserId, [...(byUser.get(m.recipientUserId) ?? []), m]);
    let digests = 0;
    for (const [userId, messages] of byUser) {
      await this.ds.transaction(async (em) => {
        const user = await em.findOneBy(User, { id: userId });
        const language = (await em.findOneBy(NotificationPreference, { userId }))?.language ?? 'nl';
        await em.update(
          OutboxMessage,
          { id: In(messages.map((m) => m.id)) },
          { state: 'digested' },
        );
        if (!user || user.disabled) return;
        const body = [
          translate(language, 'mail.digest.intro', { count: messages.length }),
          ...messages.map((m) => `\n* ${m.subject}\n${m.body.split('\n-- \n')[0]}`),
        ].join('\n');
        await em
          .createQueryBuilder()
          .insert()
          .into(OutboxMessage)
          .values({
            recipientUserId: userId,
            toAddress: user.email,
            organisationId: null,
            kind: 'digest',
            eventKey: `digest:${userId}:${day}:${messages[0].id}`,
            subject: translate(language, 'mail.digest.subject', { count: messages.length }),
            body,
            state: 'pending',
            attempts: 0,
            nextAttemptAt: new Date(),
          })
          .orIgnore()
          .execute();
        digests++;
      });
    }
    this.sender.soon();
    return { digests, messages: waiting.length };
  }
}
