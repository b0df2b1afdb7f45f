import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import type { AppConfig } from '../../src/config/app-config';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** The real app, built by the same createApp as production, on a fresh migrated database. */
export async function startTestApp(
  options: { imports?: Type[]; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(options.env);
  const app = await createApp(db.config, { imports: options.imports });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config: db.config,
    dataSource: app.get(DataSource),
    close: async () => {
      await app.close();
      await db.dispose();
    },
  };
}
