import { DynamicModule, Module } from '@nestjs/common';
import { OperatorModule } from './accounts/operator/operator.module';
import { coreImports } from './app.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { BackupModule } from './backup/backup.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { ClassificationModule } from './classification/classification.module';
import type { AppConfig } from './config/app-config';
import { ImportModule } from './import/import.module';
import { PublicationsModule } from './publications/publications.module';
import { SeedModule } from '../seeds/seed.module';

/**
 * What the operator's commands (cli.ts) use: the app's own services from Nest's container, on the
 * same database configuration, without the HTTP server. Whether pending migrations run first is
 * the command's choice (`migrate:revert` and `audit:verify` must not change the schema).
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, options: { migrationsRun: boolean }): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ...coreImports(config, options),
        AuditModule,
        AccountsModule,
        PublicationsModule,
        ChecklistsModule,
        ClassificationModule,
        ImportModule,
        OperatorModule,
        SeedModule,
        BackupModule,
      ],
    };
  }
}
