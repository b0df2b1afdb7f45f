import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import type { AppConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** Where the app listens, e.g. http://127.0.0.1:41234; browsers send this as Origin. */
  url: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  imports?: Type[];
  env?: Record<string, string>;
  /** Start on this database, as a restart does; closing the app then leaves it to its owner. */
  database?: TestDatabase;
  /** Listen on this port (that of an app closed before), so a browser's cookies still apply. */
  port?: number;
}

/** The real app, built by the same createApp as production, on a fresh migrated database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase(options.env, { migrated: true }));
  const app = await createApp(db.config, { imports: options.imports });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // A real port, so the Host of every request (and the Origin a browser would send) is stable.
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    app,
    config: db.config,
    dataSource: app.get(DataSource),
    url: await app.getUrl(),
    close: async () => {
      await app.close();
      if (!options.database) await db.dispose();
    },
  };
}
