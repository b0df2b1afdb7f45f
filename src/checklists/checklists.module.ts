import { Module } from '@nestjs/common';
import { ChecklistsApiController } from './checklists.api.controller';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsPage } from './checklists.page';
import { ChecklistsService } from './checklists.service';
import { TemplateAdoptionService } from './template-adoption.service';

@Module({
  controllers: [ChecklistsApiController, ChecklistsController],
  providers: [ChecklistsService, TemplateAdoptionService, ChecklistsPage],
  exports: [ChecklistsService, TemplateAdoptionService],
})
export class ChecklistsModule {}
