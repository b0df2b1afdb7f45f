import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { formatVerifyResult, verifyAuditChain } from './audit/audit-verify';
import { resolveAppConfig } from './config/app-config';
import { ConfigurationError } from './config/env.validation';
import { dataSourceOptions } from './database/data-source-options';
import { runSeeds } from '../seeds/run-seed';

/** Operator commands: `node dist/src/cli.js <command>`; npm scripts wrap each one. */
const COMMANDS: Record<
  string,
  { help: string; run: (ds: DataSource, args: string[]) => Promise<void> }
> = {
  migrate: {
    help: 'apply pending migrations',
    run: async (ds) => {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(
        applied.length
          ? `Applied: ${applied.map((m) => m.name).join(', ')}`
          : 'No pending migrations.',
      );
    },
  },
  'migrate:revert': {
    help: 'undo the last migration (--all: every migration)',
    run: async (ds, args) => {
      const all = args.includes('--all');
      do {
        const before = await executedCount(ds);
        if (before === 0) break;
        await ds.undoLastMigration({ transaction: 'each' });
        console.log(`Reverted one migration; ${before - 1} left.`);
      } while (all);
    },
  },
  'audit:verify': {
    help: 'check the hash chain of the audit trail (exit 1 when broken)',
    run: async (ds) => {
      const result = await verifyAuditChain(ds);
      if (result.ok) {
        console.log(formatVerifyResult(result));
        return;
      }
      console.error(formatVerifyResult(result));
      // Not process.exit: main() still has to close the database.
      process.exitCode = 1;
    },
  },
  seed: {
    help: 'add the demo organisations, users and algorithms that are missing',
    run: async (ds) => {
      const r = await runSeeds(ds);
      console.log(
        `Seeded: ${r.organisations} organisations, ${r.users} users, ${r.memberships} roles, ${r.algorithms} algorithms added.`,
      );
    },
  },
};

async function executedCount(ds: DataSource): Promise<number> {
  const rows: unknown[] = await ds.query('SELECT id FROM migrations');
  return rows.length;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    console.error(
      `Usage: waarborg <command>\n${Object.entries(COMMANDS)
        .map(([n, c]) => `  ${n.padEnd(16)} ${c.help}`)
        .join('\n')}`,
    );
    process.exit(2);
  }
  const ds = new DataSource(dataSourceOptions(resolveAppConfig(process.env)));
  await ds.initialize();
  try {
    if (command === 'seed') await ds.runMigrations({ transaction: 'each' });
    await entry.run(ds, args);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigurationError ? `Waarborg: ${err.message}` : err);
  process.exit(1);
});
