import 'reflect-metadata';
import { createApp } from './app.factory';
import { resolveAppConfig } from './config/app-config';
import { ConfigurationError } from './config/env.validation';
import { DEMO_PASSWORD, DEMO_USERS } from '../seeds/demo-data';
import { SeedService } from '../seeds/seed.service';
import { SsoSettingsService } from './accounts/sso/sso-settings.service';

/**
 * Starts one server process: opens the database (applying pending migrations), seeds an empty
 * one, listens, and returns the start-up banner for whoever prints it (this file when run
 * alone, the cluster's primary for its workers).
 */
export async function startServer(): Promise<string[]> {
  let config;
  try {
    config = resolveAppConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigurationError) {
      console.error(`Waarborg cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  // Creating the app opens the database and runs pending migrations.
  const app = await createApp(config);
  await app.get(SsoSettingsService).sealStoredSecrets();
  const seeds = app.get(SeedService);
  // Demo accounts share a published password: never on a production instance.
  const seeded = await seeds.seedOnFirstStart({ demo: config.nodeEnv !== 'production' });
  const showDemo = await seeds.demoAccountsPresent();
  await app.listen({ port: config.port, host: '0.0.0.0' });

  const where =
    config.database === 'sqlite' ? `SQLite (${config.sqlitePath})` : 'PostgreSQL (DATABASE_URL)';
  return [
    '',
    `Waarborg is running at http://localhost:${config.port}`,
    `Database: ${where}${seeded === 'demo' ? ', demo data added on this first start' : ''}`,
    '',
    ...(showDemo
      ? [
          `Demo logins (password for all: ${DEMO_PASSWORD}):`,
          ...DEMO_USERS.map(
            (u) =>
              `  ${u.email.padEnd(34)} ${u.operator ? 'operator · every organisation' : `${u.roles.join(', ')} · ${u.organisation}`}`,
          ),
          '',
        ]
      : []),
  ];
}

export function startFailed(err: unknown): never {
  console.error('Waarborg could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
}

// `npm start` (development) runs one process; `npm run start:prod` runs cluster.js.
if (require.main === module)
  startServer().then((lines) => console.log(lines.join('\n')), startFailed);
