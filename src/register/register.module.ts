import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { EntryPage } from './entry.page';
import { FeedbackPage } from './feedback.page';
import { FeedbackService } from './feedback.service';
import { NotApprovedPage } from './not-approved.page';
import { RegisterApiController } from './register.api.controller';
import { RegisterCache } from './register-cache';
import { RegisterFeed } from './register-feed';
import { RegisterController } from './register.controller';
import { OrganisationListPage, OrganisationPage, RegisterListPage } from './register.page';
import { RegisterService } from './register.service';
import { TermsPage } from './terms.page';

/** The public transparency register: pages, JSON API, exports, feed and the feedback form. */
@Module({
  imports: [NotificationsModule, OrganisationsModule],
  controllers: [RegisterApiController, RegisterController],
  providers: [
    RegisterService,
    FeedbackService,
    RegisterCache,
    RegisterListPage,
    EntryPage,
    OrganisationListPage,
    OrganisationPage,
    FeedbackPage,
    RegisterFeed,
    NotApprovedPage,
    TermsPage,
  ],
  exports: [RegisterService],
})
export class RegisterModule {}
