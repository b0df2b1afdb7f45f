import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AssessmentsModule, ChecklistsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
