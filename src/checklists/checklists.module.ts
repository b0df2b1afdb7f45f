import { Module } from '@nestjs/common';
import { ChecklistsApiController } from './checklists.api.controller';
import { ChecklistsService } from './checklists.service';

@Module({
  controllers: [ChecklistsApiController],
  providers: [ChecklistsService],
  exports: [ChecklistsService],
})
export class ChecklistsModule {}
