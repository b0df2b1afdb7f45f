import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { DashboardController } from './dashboard.controller';
import { DashboardPage } from './dashboard.page';

@Module({
  imports: [AssessmentsModule, ChecklistsModule, FeedbackModule],
  controllers: [DashboardController],
  providers: [DashboardPage],
})
export class DashboardModule {}
