import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobStore } from './job-store';
import { JobsController } from './jobs.controller';
import { HousekeepingJob } from './jobs/housekeeping.job';
import { SchedulerService } from './scheduler.service';

/**
 * The daily jobs: finds the providers marked @RunsDaily in any module, runs each once a day
 * across instances, and shows how they ran (/admin/jobs, /health).
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [JobsController],
  providers: [JobStore, SchedulerService, HousekeepingJob],
  exports: [SchedulerService],
})
export class SchedulerModule {}
