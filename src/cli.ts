import 'reflect-metadata';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OperatorService } from './accounts/operator/operator.service';
import { ChecklistsService } from './checklists/checklists.service';
import { CliModule } from './cli.module';
import { loadTemplateFile, TemplateError } from './checklists/template-loader';
import { DecisionTreesService } from './classification/decision-trees.service';
import { loadDecisionTreeFile } from './classification/decision-tree-loader';
import { DecisionTreeError } from './classification/decision-tree-problem';
import { operatorContext } from './common/request-context';
import { formatVerifyResult, verifyAuditChain } from './audit/audit-verify';
import { resolveAppConfig } from './config/app-config';
import { ConfigurationError } from './config/env.validation';
import { DomainError } from './common/errors/domain-error';
import { translate } from './i18n/i18n';
import { CreateAdminDto } from './accounts/dto/create-admin.dto';
import { UsersService } from './accounts/users/users.service';
import { namedArguments } from './common/cli-arguments';
import { createValidationPipe } from './common/validation';
import type { FieldProblem } from './common/validation';
import { runImportCommand } from './import/import-cli';
import { runBackupCommand, runRestoreCommand } from './backup/backup-cli';
import { runSsoConfigureCommand, runSsoRemoveCommand } from './accounts/sso/sso-cli';
import { SeedService } from '../seeds/seed.service';

interface Command {
  help: string;
  /** Apply pending migrations before running (commands that write data need the latest schema). */
  migrateFirst: boolean;
  run: (app: INestApplicationContext, args: string[]) => Promise<void>;
}

/** Operator commands: `node dist/src/cli.js <command>`; npm scripts wrap each one. */
const COMMANDS: Record<string, Command> = {
  migrate: {
    help: 'apply pending migrations',
    migrateFirst: false,
    run: async (app) => {
      const ds = app.get(DataSource);
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
    migrateFirst: false,
    run: async (app, args) => {
      const ds = app.get(DataSource);
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
    migrateFirst: false,
    run: async (app) => {
      const result = await verifyAuditChain(app.get(DataSource));
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
    help: 'offer a checklist template version from a file as a shared version (e.g. seeds/checklists/x.v2.json); each organisation adopts it on /admin/checklists',
    migrateFirst: true,
    run: async (app, args) => {
      const file = args[0];
      if (!file) throw new Error('Name the template file: npm run checklist:install -- FILE');
      const { template, installed } = await app
        .get(ChecklistsService)
        .installContent(operatorContext(), loadTemplateFile(file), basename(file), null);
      console.log(
        installed
          ? `Installed ${template.key} version ${template.version} as a shared version; organisations adopt it on /admin/checklists.`
          : `${template.key} version ${template.version} was already installed; nothing changed.`,
      );
    },
  },
  'decision-tree:install': {
    help: 'install a decision tree version from a YAML file: FILE [--activate] (e.g. the national decision-tree.yaml)',
    migrateFirst: true,
    run: async (app, args) => {
      const flags = args.filter((a) => a.startsWith('--'));
      const [file, ...rest] = args.filter((a) => !a.startsWith('--'));
      const unknown = flags.find((f) => f !== '--activate');
      if (!file || rest.length || unknown)
        throw new Error('Usage: npm run decision-tree:install -- FILE [--activate]');
      const { tree, installed, activated } = await app
        .get(DecisionTreesService)
        .install(operatorContext(), loadDecisionTreeFile(file), basename(file), {
          activate: flags.includes('--activate'),
        });
      const name = `${tree.key} version ${tree.version}`;
      if (installed) console.log(`Installed ${name}${activated ? ' (now active)' : ''}.`);
      else if (activated) console.log(`${name} was already installed; it is now active.`);
      else console.log(`${name} was already installed; nothing changed.`);
    },
  },
  'operator:grant': {
    help: 'make a user the instance operator: EMAIL (shared templates, imports for any organisation, the whole audit trail)',
    migrateFirst: true,
    run: (app, args) => changeOperator(app, args, true),
  },
  'operator:revoke': {
    help: 'take the operator away from a user: EMAIL',
    migrateFirst: true,
    run: (app, args) => changeOperator(app, args, false),
  },
  'sso:configure': {
    help: "sign-in with an organisation's identity provider (OIDC): --organisation NAME --issuer URL --client-id ID --client-secret SECRET [--scopes S] [--email-claim C] [--role-claim C --roles 'value=role+role;...']",
    migrateFirst: true,
    run: runSsoConfigureCommand,
  },
  'sso:remove': {
    help: "stop sign-in with an organisation's identity provider: --organisation NAME",
    migrateFirst: true,
    run: runSsoRemoveCommand,
  },
  import: {
    help: 'import register entries: FILE [--organisation NAME] (national listing or Publicatiestandaard v1.0 JSON)',
    migrateFirst: true,
    run: runImportCommand,
  },
  backup: {
    help: 'write a backup (database and uploaded documents) into DIR, a new or empty folder; safe while the server runs',
    migrateFirst: false,
    run: runBackupCommand,
  },
  restore: {
    help: 'restore the backup in DIR on a stopped instance (--force: replace existing data), then verify the audit trail',
    migrateFirst: false,
    run: runRestoreCommand,
  },
  'admin:create': {
    help: "an organisation's first admin: --organisation NAME --email EMAIL --name NAME (the organisation is added if new)",
    migrateFirst: true,
    run: async (app, args) => {
      const dto = (await createValidationPipe().transform(
        namedArguments(args, ['organisation', 'email', 'name']),
        { type: 'body', metatype: CreateAdminDto },
      )) as CreateAdminDto;
      const { user, organisation, temporaryPassword } = await app
        .get(UsersService)
        .createAdmin(operatorContext(), dto);
      console.log(
        `Created ${user.email} as admin of ${organisation.name}.\nTemporary password (shown once; to be changed at the first login): ${temporaryPassword}`,
      );
    },
  },
  seed: {
    help: 'add the demo organisations, users and algorithms that are missing',
    migrateFirst: true,
    run: async (app) => {
      const r = await app.get(SeedService).run();
      console.log(
        `Seeded: ${r.templates} checklist templates, ${r.decisionTrees} decision trees, ${r.organisations} organisations, ${r.users} users, ${r.memberships} roles, ${r.algorithms} algorithms added.`,
      );
    },
  },
};

/** `operator:grant` and `operator:revoke`: the only way to make someone the operator, or undo it. */
async function changeOperator(
  app: INestApplicationContext,
  args: string[],
  grant: boolean,
): Promise<void> {
  const command = grant ? 'operator:grant' : 'operator:revoke';
  if (args.length !== 1 || args[0].startsWith('--'))
    throw new Error(`Usage: npm run ${command} -- EMAIL`);
  const service = app.get(OperatorService);
  const { user, changed } = grant
    ? await service.grant(operatorContext(), args[0])
    : await service.revoke(operatorContext(), args[0]);
  const now = grant ? 'is now the operator' : 'is no longer the operator';
  const already = grant ? 'already was the operator' : 'was not the operator';
  console.log(`${user.email} ${changed ? now : already}.`);
}

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
  // Nest's own start-up lines are not for the operator; errors still reach stderr below.
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, { migrationsRun: entry.migrateFirst }),
    { logger: ['error', 'warn'] },
  );
  try {
    await entry.run(app, args);
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
