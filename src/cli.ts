import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { TemplateError } from './checklists/template-error';
import { DecisionTreeError } from './classification/decision-tree-problem';
import { CliModule } from './cli.module';
import type { CliCommand } from './cli.module';
import { formatVerifyResult, verifyAuditChain } from './audit/audit-verify';
import { resolveAppConfig } from './config/app-config';
import { ConfigurationError } from './config/env.validation';
import { DomainError } from './common/errors/domain-error';
import { translate } from './i18n/i18n';
import type { FieldProblem } from './common/validation';

interface Command {
  help: string;
  /** Apply pending migrations before running (commands that write data need the latest schema). */
  migrateFirst: boolean;
  /**
   * The command's modules and code, loaded only when it runs: most of a command's start-up is the
   * loading of code, and the import, for one, needs less than half of the app's files.
   */
  load: () => CliCommand;
}

/** A file of commands, required when one of them runs (see Command.load). */
function commandsIn<T>(path: string): () => T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  return () => require(path) as T;
}
const appCommands = commandsIn<typeof import('./cli-commands')>('./cli-commands');
const importCommands = commandsIn<typeof import('./import/import-cli')>('./import/import-cli');

/** Commands that need only the database. */
const databaseOnly = (run: CliCommand['run']) => () => ({ imports: [], run });

/** Operator commands: `node dist/src/cli.js <command>`; npm scripts wrap each one. */
const COMMANDS: Record<string, Command> = {
  migrate: {
    help: 'apply pending migrations',
    migrateFirst: false,
    load: databaseOnly(async (app) => {
      const ds = app.get(DataSource);
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(
        applied.length
          ? `Applied: ${applied.map((m) => m.name).join(', ')}`
          : 'No pending migrations.',
      );
    }),
  },
  'migrate:revert': {
    help: 'undo the last migration (--all: every migration)',
    migrateFirst: false,
    load: databaseOnly(async (app, args) => {
      const ds = app.get(DataSource);
      const all = args.includes('--all');
      do {
        const before = await executedCount(ds);
        if (before === 0) break;
        await ds.undoLastMigration({ transaction: 'each' });
        console.log(`Reverted one migration; ${before - 1} left.`);
      } while (all);
    }),
  },
  'audit:verify': {
    help: 'check the hash chain of the audit trail (exit 1 when broken)',
    migrateFirst: false,
    load: databaseOnly(async (app) => {
      const result = await verifyAuditChain(app.get(DataSource));
      if (result.ok) {
        console.log(formatVerifyResult(result));
        return;
      }
      console.error(formatVerifyResult(result));
      // Not process.exit: main() still has to close the database.
      process.exitCode = 1;
    }),
  },
  'checklist:install': {
    help: 'offer a checklist template version from a file as a shared version (e.g. seeds/checklists/x.v2.json); each organisation adopts it on /admin/checklists',
    migrateFirst: true,
    load: () => appCommands().checklistInstall,
  },
  'decision-tree:install': {
    help: 'install a decision tree version from a YAML file: FILE [--activate] (e.g. the national decision-tree.yaml)',
    migrateFirst: true,
    load: () => appCommands().decisionTreeInstall,
  },
  'operator:grant': {
    help: 'make a user the instance operator: EMAIL (shared templates, imports for any organisation, the whole audit trail)',
    migrateFirst: true,
    load: () => appCommands().operatorGrant,
  },
  'operator:revoke': {
    help: 'take the operator away from a user: EMAIL',
    migrateFirst: true,
    load: () => appCommands().operatorRevoke,
  },
  'sso:configure': {
    help: "sign-in with an organisation's identity provider (OIDC): --organisation NAME --issuer URL --client-id ID --client-secret SECRET [--scopes S] [--email-claim C] [--role-claim C --roles 'value=role+role;...']",
    migrateFirst: true,
    load: () => appCommands().ssoConfigure,
  },
  'sso:remove': {
    help: "stop sign-in with an organisation's identity provider: --organisation NAME",
    migrateFirst: true,
    load: () => appCommands().ssoRemove,
  },
  import: {
    help: 'import register entries: FILE [--organisation NAME] (national listing or Publicatiestandaard v1.0 JSON)',
    migrateFirst: true,
    load: () => importCommands().importCommand,
  },
  backup: {
    help: 'write a backup (database and uploaded documents) into DIR, a new or empty folder; safe while the server runs',
    migrateFirst: false,
    load: () => appCommands().backup,
  },
  restore: {
    help: 'restore the backup in DIR on a stopped instance (--force: replace existing data), then verify the audit trail',
    migrateFirst: false,
    load: () => appCommands().restore,
  },
  'admin:create': {
    help: "an organisation's first admin: --organisation NAME --email EMAIL --name NAME (the organisation is added if new)",
    migrateFirst: true,
    load: () => appCommands().adminCreate,
  },
  seed: {
    help: 'add the demo organisations, users and algorithms that are missing',
    migrateFirst: true,
    load: () => appCommands().seed,
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
        .map(([n, c]) => `  ${n.padEnd(22)} ${c.help}`)
        .join('\n')}`,
    );
    process.exit(2);
  }
  const config = resolveAppConfig(process.env);
  const loaded = entry.load();
  // Nest's own start-up lines are not for the operator; errors still reach stderr below.
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, { migrationsRun: entry.migrateFirst, imports: loaded.imports }),
    { logger: ['error', 'warn'] },
  );
  try {
    await loaded.run(app, args);
  } finally {
    await app.close();
  }
}

/** What the operator can fix reads as one sentence; anything else keeps its stack for a bug report. */
function operatorSentence(err: unknown): string | null {
  if (
    err instanceof ConfigurationError ||
    err instanceof TemplateError ||
    err instanceof DecisionTreeError
  )
    return err.message;
  if (err instanceof DomainError) {
    const problems = Array.isArray(err.details) ? (err.details as FieldProblem[]) : [];
    return [
      translate('en', err.messageKey, err.params),
      ...problems.map((p) => `${p.field}: ${translate('en', p.key, p.params)}`),
    ].join(' ');
  }
  if (err instanceof Error && err.message.startsWith('Usage: ')) return err.message;
  return null;
}

main().catch((err: unknown) => {
  const sentence = operatorSentence(err);
  console.error(sentence ? `Waarborg: ${sentence}` : err);
  process.exit(1);
});
