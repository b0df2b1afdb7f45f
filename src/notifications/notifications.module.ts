import { Module } from '@nestjs/common';
import { ConditionRemindersJob } from './jobs/condition-reminders.job';
import { MailDigestJob } from './jobs/mail-digest.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsPage } from './notifications.page';
import { NotificationsService } from './notifications.service';
import { OutboxSender } from './outbox-sender';
import { OutboxService } from './outbox.service';

/**
 * E-mail: the outbox (written with each change, sent after commit), each user's choices, the
 * daily digest and reminders, and the admin's view of what was sent.
 */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationsPage,
    OutboxSender,
    OutboxService,
    ConditionRemindersJob,
    MailDigestJob,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
