import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { OperatorModule } from './accounts/operator/operator.module';
import { OperatorService } from './accounts/operator/operator.service';
import { AccountsModule } from './accounts/accounts.module';
import { CreateAdminDto } from './accounts/dto/create-admin.dto';
import { UsersService } from './accounts/users/users.service';
import { runSsoConfigureCommand, runSsoRemoveCommand } from './accounts/sso/sso-cli';
import { AuditModule } from './audit/audit.module';
import { BackupModule } from './backup/backup.module';
import { runBackupCommand, runRestoreCommand } from './backup/backup-cli';
import { ChecklistsModule } from './checklists/checklists.module';
import { ChecklistsService } from './checklists/checklists.service';
import { loadTemplateFile } from './checklists/template-loader';
import { ClassificationModule } from './classification/classification.module';
import { DecisionTreesService } from './classification/decision-trees.service';
import { loadDecisionTreeFile } from './classification/decision-tree-loader';
import type { CliCommand } from './cli.module';
import { namedArguments } from './common/cli-arguments';
import { operatorContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { PublicationsModule } from './publications/publications.module';
import { SeedModule } from '../seeds/seed.module';
import { SeedService } from '../seeds/seed.service';

/**
 * The operator's commands that work through the app's services (cli.ts lists them all, with their
 * help). They share one set of modules: the features they reach, with the audit trail and the
 * publications every change goes through.
 */
const APP_SERVICES: CliCommand['imports'] = [
  AuditModule,
  AccountsModule,
  PublicationsModule,
  ChecklistsModule,
  ClassificationModule,
  OperatorModule,
  SeedModule,
  BackupModule,
];

const withAppServices = (run: CliCommand['run']): CliCommand => ({ imports: APP_SERVICES, run });

export const checklistInstall = withAppServices(async (app, args) => {
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
});

export const decisionTreeInstall = withAppServices(async (app, args) => {
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
});

export const operatorGrant = withAppServices((app, args) => changeOperator(app, args, true));
export const operatorRevoke = withAppServices((app, args) => changeOperator(app, args, false));
export const ssoConfigure = withAppServices(runSsoConfigureCommand);
export const ssoRemove = withAppServices(runSsoRemoveCommand);
export const backup = withAppServices(runBackupCommand);
export const restore = withAppServices(runRestoreCommand);

export const adminCreate = withAppServices(async (app, args) => {
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
});

export const seed = withAppServices(async (app) => {
  const r = await app.get(SeedService).run();
  console.log(
    `Seeded: ${r.templates} checklist templates, ${r.decisionTrees} decision trees, ${r.organisations} organisations, ${r.users} users, ${r.memberships} roles, ${r.algorithms} algorithms added.`,
  );
});

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
