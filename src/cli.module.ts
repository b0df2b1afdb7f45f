import { DynamicModule, Module } from '@nestjs/common';
import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { coreImports } from './core-imports';

/**
 * An operator command (cli.ts) as its file exports it: the Nest modules its services come from,
 * beside the configuration and the database, and what it does with them.
 */
export interface CliCommand {
  imports: NonNullable<ModuleMetadata['imports']>;
  run: (app: INestApplicationContext, args: string[]) => Promise<void>;
}

/**
 * What an operator's command uses: the app's own services from Nest's container, on the same
 * database configuration, without the HTTP server, and only the modules that command names (a
 * command's start-up is mostly the loading of code). Whether pending migrations run first is the
 * command's choice (`migrate:revert` and `audit:verify` must not change the schema).
 */
@Module({})
export class CliModule {
  static forRoot(
    config: AppConfig,
    options: { migrationsRun: boolean; imports: CliCommand['imports'] },
  ): DynamicModule {
    return {
      module: CliModule,
      imports: [...coreImports(config, options), ...options.imports],
    };
  }
}
