import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, DatabaseKind } from '../config/app-config';

export interface HealthResult {
  status: 'ok' | 'unavailable';
  database: DatabaseKind;
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);
  private readonly database: DatabaseKind;

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.database = config.getOrThrow<AppConfig>(APP_CONFIG).database;
  }

  async check(): Promise<HealthResult> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      return { status: 'ok', database: this.database };
    } catch (err) {
      this.logger.warn({ err }, 'Database did not answer the health check');
      return { status: 'unavailable', database: this.database };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
