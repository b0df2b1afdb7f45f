import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { resolveAppConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/** The DataSource of the TypeORM CLI (`npm run typeorm -- migration:show`), with the app's options. */
export default new DataSource(dataSourceOptions(resolveAppConfig(process.env)));
