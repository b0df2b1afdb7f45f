import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, DatabaseKind } from '../config/app-config';
import type { JobOutcomeState } from '../scheduler/entities/scheduled-job-run.entity';
import { JobStatus, SchedulerService } from '../scheduler/scheduler.service';

/** A daily job's newest run as monitoring may read it: when and how, nothing it counted or said. */
export interface JobHealth {
  name: string;
  lastRun: {
    day: string;
    outcome: JobOutcomeState;
    startedAt: Date;
    finishedAt: Date | null;
  } | null;
}

export interface HealthResult {
  status: 'ok' | 'unavailable';
  database: DatabaseKind;
  /** Present when the database answered. */
  jobs?: JobHealth[];
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);
  private readonly database: DatabaseKind;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
    config: ConfigService,
  ) {
    this.database = config.getOrThrow<AppConfig>(APP_CONFIG).database;
  }

  async check(): Promise<HealthResult> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      const jobs = await withTimeout(this.scheduler.statuses(), CHECK_TIMEOUT_MS);
      return { status: 'ok', database: this.database, jobs: jobs.map(jobHealth) };
    } catch (err) {
      this.logger.warn({ err }, 'Database did not answer the health check');
      return { status: 'unavailable', database: this.database };
    }
  }
}

function jobHealth({ name, lastRun }: JobStatus): JobHealth {
  if (!lastRun) return { name, lastRun: null };
  const { day, outcome, startedAt, finishedAt } = lastRun;
  return { name, lastRun: { day, outcome, startedAt, finishedAt } };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
