import { Module, OnModuleInit } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ASSESSMENT_STATES } from './assessment-state';
import { AssessmentsApiController } from './assessments.api.controller';
import { AssessmentsService } from './assessments.service';
import { assertWorkflowConsistent } from './workflow';

@Module({
  imports: [ChecklistsModule],
  controllers: [AssessmentsApiController],
  providers: [AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule implements OnModuleInit {
  /** The workflow table is checked once at start-up; a broken table stops the app. */
  onModuleInit(): void {
    assertWorkflowConsistent(ASSESSMENT_STATES);
  }
}
