import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { DashboardController } from './dashboard.controller';
import { DashboardPage } from './dashboard.page';

@Module({
  imports: [AssessmentsModule, ChecklistsModule],
  controllers: [DashboardController],
  providers: [DashboardPage],
})
export class DashboardModule {}
