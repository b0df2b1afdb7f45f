import { Module, OnModuleInit } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ASSESSMENT_STATES } from './assessment-state';
import { AssessmentsApiController } from './assessments.api.controller';
import { AssessmentsController } from './assessments.controller';
import { AssessmentPagesService } from './pages/assessment-pages.service';
import { AssessmentsService } from './assessments.service';
import { assertWorkflowConsistent } from './workflow';

@Module({
  imports: [ChecklistsModule],
  controllers: [AssessmentsApiController, AssessmentsController],
  providers: [AssessmentsService, AssessmentPagesService],
  exports: [AssessmentsService, AssessmentPagesService],
})
export class AssessmentsModule implements OnModuleInit {
  /** The workflow table is checked once at start-up; a broken table stops the app. */
  onModuleInit(): void {
    assertWorkflowConsistent(ASSESSMENT_STATES);
  }
}
