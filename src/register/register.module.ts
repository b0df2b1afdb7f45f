import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { EntryPage } from './entry.page';
import { PublicQuestions } from '../feedback/public-questions';
import { NotApprovedPage } from './not-approved.page';
import { RegisterApiController } from './register.api.controller';
import { RegisterCache } from './register-cache';
import { RegisterFeed } from './register-feed';
import { RegisterController } from './register.controller';
import { OrganisationListPage, OrganisationPage, RegisterListPage } from './register.page';
import { RegisterService } from './register.service';
import { TermsPage } from './terms.page';

/** The public transparency register: pages, JSON API, exports, feed and answered questions. */
@Module({
  imports: [OrganisationsModule],
  controllers: [RegisterApiController, RegisterController],
  providers: [
    RegisterService,
    RegisterCache,
    RegisterListPage,
    EntryPage,
    OrganisationListPage,
    OrganisationPage,
    PublicQuestions,
    RegisterFeed,
    NotApprovedPage,
    TermsPage,
  ],
  exports: [RegisterService],
})
export class RegisterModule {}
