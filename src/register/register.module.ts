import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { EntryPage } from './entry.page';
import { PublicQuestions } from '../feedback/public-questions';
import { RegisterApiController } from './register.api.controller';
import { RegisterCache } from './register-cache';
import { RegisterController } from './register.controller';
import { OrganisationListPage, OrganisationPage, RegisterListPage } from './register.page';
import { RegisterService } from './register.service';

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
  ],
  exports: [RegisterService],
})
export class RegisterModule {}
