import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const MIGRATIONS_GLOB = join(__dirname, 'migrations', '*.{ts,js}');

/**
 * One set of options for the app, the operator CLI and the TypeORM CLI (ormconfig.ts), so that
 * all three open the same database the same way.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (config.database === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      // Timestamps are stored as timestamptz; keep the session in UTC so now() and casts agree.
      extra: { options: '-c timezone=UTC', max: 10 },
    };
  }
  mkdirSync(dirname(config.sqlitePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      // FULL: a committed sign-off or audit event must survive a power cut, and the write
      // volume of an approval workflow is far too small for the cost of FULL to matter.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
    },
  };
}
