import { NotificationsModule } from '../notifications/notifications.module';
import { WorkflowNotices } from './workflow-notices';
import { Module, OnModuleInit } from '@nestjs/common';
import { AssessmentTrailPage } from '../audit/assessment-trail.page';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ClassificationModule } from '../classification/classification.module';
import { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import { ReviewersPage } from '../reviews/reviewers.page';
import { AiActController } from './ai-act.controller';
import { AiActReader } from './ai-act-reader';
import { AiActService } from './ai-act.service';
import { AnswersService } from './answers.service';
import { ASSESSMENT_STATES } from './assessment-state';
import { AssessmentsApiController } from './assessments.api.controller';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { CoauthorsService } from './coauthors.service';
import { ConditionPage } from './conditions/condition.page';
import { ConditionsApiController } from './conditions/conditions.api.controller';
import { ConditionsController } from './conditions/conditions.controller';
import { ConditionsService } from './conditions/conditions.service';
import { EvidenceStore } from './conditions/evidence-store';
import { InstrumentStore } from './instruments/instrument-store';
import { InstrumentsController } from './instruments/instruments.controller';
import { InstrumentsService } from './instruments/instruments.service';
import { AiActPage } from './pages/ai-act.page';
import { InstrumentsPage } from './pages/instruments.page';
import { ConfirmPage } from './pages/confirm.page';
import { DecisionPage } from './pages/decision.page';
import { OverviewPage } from './pages/overview.page';
import { NewProposalPage, RegisterFormPage } from './pages/register-form.page';
import { SectionPage } from './pages/section.page';
import { SummaryPage } from './pages/summary.page';
import { RegisterFieldsService } from './register-fields.service';
import { ReassessmentsDueJob } from './reassessments-due.job';
import { RemarksService } from './remarks.service';
import { assertWorkflowConsistent } from './workflow';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowService } from './workflow.service';

/**
 * Proposals, their assessments and the workflow, with their work pages. Reviewer assignment and
 * the secretary's picker live in src/reviews/, the assessment's audit trail page in src/audit/,
 * but they are provided here: the workflow's steps and this controller use them, and
 * ReviewsModule (sign-off) builds on this module, not the other way round.
 */
@Module({
  imports: [ChecklistsModule, ClassificationModule, NotificationsModule],
  controllers: [
    AssessmentsApiController,
    AssessmentsController,
    AiActController,
    InstrumentsController,
    ConditionsApiController,
    ConditionsController,
  ],
  providers: [
    AssessmentsService,
    AnswersService,
    AiActReader,
    AiActService,
    AiActPage,
    InstrumentsService,
    InstrumentStore,
    InstrumentsPage,
    RegisterFieldsService,
    CoauthorsService,
    RemarksService,
    ReassessmentsDueJob,
    WorkflowService,
    WorkflowEffects,
    WorkflowNotices,
    ConditionsService,
    EvidenceStore,
    ConditionPage,
    ReviewerAssignmentService,
    NewProposalPage,
    OverviewPage,
    RegisterFormPage,
    SectionPage,
    SummaryPage,
    ReviewersPage,
    DecisionPage,
    ConfirmPage,
    AssessmentTrailPage,
  ],
  exports: [
    AssessmentsService,
    AnswersService,
    WorkflowService,
    WorkflowNotices,
    ConditionsService,
  ],
})
export class AssessmentsModule implements OnModuleInit {
  /** The workflow table is checked once at start-up; a broken table stops the app. */
  onModuleInit(): void {
    assertWorkflowConsistent(ASSESSMENT_STATES);
  }
}
