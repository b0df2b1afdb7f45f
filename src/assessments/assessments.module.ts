import { Module, OnModuleInit } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import { AnswersService } from './answers.service';
import { ASSESSMENT_STATES } from './assessment-state';
import { AssessmentsApiController } from './assessments.api.controller';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { ConditionsService } from './conditions/conditions.service';
import { AssessmentPagesService } from './pages/assessment-pages.service';
import { RegisterFieldsService } from './register-fields.service';
import { assertWorkflowConsistent } from './workflow';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowService } from './workflow.service';

/**
 * Proposals, their assessments and the workflow. Reviewer assignment lives in src/reviews/ but is
 * provided here: the workflow's steps and the secretary's pages use it, and ReviewsModule (sign-off)
 * builds on this module, not the other way round.
 */
@Module({
  imports: [ChecklistsModule],
  controllers: [AssessmentsApiController, AssessmentsController],
  providers: [
    AssessmentsService,
    AnswersService,
    RegisterFieldsService,
    WorkflowService,
    WorkflowEffects,
    ConditionsService,
    ReviewerAssignmentService,
    AssessmentPagesService,
  ],
  exports: [AssessmentsService, WorkflowService, ConditionsService, AssessmentPagesService],
})
export class AssessmentsModule implements OnModuleInit {
  /** The workflow table is checked once at start-up; a broken table stops the app. */
  onModuleInit(): void {
    assertWorkflowConsistent(ASSESSMENT_STATES);
  }
}
