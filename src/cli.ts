import 'reflect-metadata';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from './audit/audit.service';
import { ChecklistsService } from './checklists/checklists.service';
import { loadTemplateFile, TemplateError } from './checklists/template-loader';
import { formatVerifyResult, verifyAuditChain } from './audit/audit-verify';
import { resolveAppConfig } from './config/app-config';
import { ConfigurationError } from './config/env.validation';
import { dataSourceOptions } from './database/data-source-options';
import { runImportCommand } from './import/import-cli';
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
  'checklist:install': {
    help: 'install a checklist template version from a file (e.g. seeds/checklists/x.v2.json)',
    run: async (ds, args) => {
      const file = args[0];
      if (!file) throw new Error('Name the template file: npm run checklist:install -- FILE');
      const { template, installed } = await new ChecklistsService(
        ds,
        new AuditService(),
      ).installContent(loadTemplateFile(file), basename(file), { userId: null, address: null });
      console.log(
        installed
          ? `Installed ${template.key} version ${template.version}${template.active ? ' (now active)' : ''}.`
          : `${template.key} version ${template.version} was already installed; nothing changed.`,
      );
    },
  },
  import: {
    help: 'import register entries: FILE [--organisation NAME] (national listing or Publicatiestandaard v1.0 JSON)',
    run: runImportCommand,
  },
  seed: {
    help: 'add the demo organisations, users and algorithms that are missing',
    run: async (ds) => {
      const r = await runSeeds(ds);
      console.log(
        `Seeded: ${r.templates} checklist templates, ${r.organisations} organisations, ${r.users} users, ${r.memberships} roles, ${r.algorithms} algorithms added.`,
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
    if (command === 'seed' || command === 'checklist:install' || command === 'import')
      await ds.runMigrations({ transaction: 'each' });
    await entry.run(ds, args);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  // Configuration and template problems are the operator's to fix: one sentence, no stack.
  console.error(
    err instanceof ConfigurationError || err instanceof TemplateError
      ? `Waarborg: ${err.message}`
      : err,
  );
  process.exit(1);
});
