import { Module } from '@nestjs/common';
import { ChecklistsApiController } from './checklists.api.controller';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsPage } from './checklists.page';
import { ChecklistsService } from './checklists.service';

@Module({
  controllers: [ChecklistsApiController, ChecklistsController],
  providers: [ChecklistsService, ChecklistsPage],
  exports: [ChecklistsService],
})
export class ChecklistsModule {}
