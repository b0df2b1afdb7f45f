import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegisterModule } from '../register/register.module';
import { FeedbackApiController } from './feedback.api.controller';
import { FeedbackController } from './feedback.controller';
import { FeedbackPage } from './feedback.page';
import { FeedbackService } from './feedback.service';
import { FeedbackMessagePage, InboxPage } from './inbox.page';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/**
 * Feedback from residents: the public form under an entry, the inbox where the entry's
 * organisation answers it, and its API. What the public entry shows of it (PublicQuestions) is
 * provided by the register module.
 */
@Module({
  imports: [NotificationsModule, OrganisationsModule, RegisterModule],
  controllers: [FeedbackController, InboxController, FeedbackApiController],
  providers: [FeedbackService, FeedbackPage, InboxService, InboxPage, FeedbackMessagePage],
  exports: [InboxService],
})
export class FeedbackModule {}
