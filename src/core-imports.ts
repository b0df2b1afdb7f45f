import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';

/**
 * The configuration and the database: what the server (app.module.ts) and the command line
 * (cli.module.ts) share. A file of its own, so that a command loads neither the server's modules
 * nor their controllers.
 */
export function coreImports(config: AppConfig, options: { migrationsRun: boolean }) {
  return [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [() => ({ [APP_CONFIG]: config })],
    }),
    TypeOrmModule.forRoot({ ...dataSourceOptions(config), migrationsRun: options.migrationsRun }),
  ];
}
