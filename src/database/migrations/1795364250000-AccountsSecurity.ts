import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { id, integer, text, timestamp, varchar } from '../migration-helpers';

/** Server-side sessions, personal API tokens and failed-login counters. */
export class AccountsSecurity1795364250000 implements MigrationInterface {
  name = 'AccountsSecurity1795364250000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          integer('user_id', true),
          text('data', false),
          timestamp('expires_at', false)(queryRunner),
          timestamp('created_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'idx_sessions_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_sessions_expires_at', columnNames: ['expires_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          id(),
          integer('user_id'),
          varchar('name', 100),
          varchar('token_hash', 64),
          varchar('prefix', 12),
          timestamp('expires_at', false)(queryRunner),
          timestamp('revoked_at')(queryRunner),
          timestamp('last_used_at')(queryRunner),
          timestamp('created_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_api_tokens_hash',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_api_tokens_user', columnNames: ['user_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'login_attempt_counters',
        columns: [
          { name: 'key', type: 'varchar', length: '300', isPrimary: true },
          integer('failures'),
          timestamp('window_started_at', false)(queryRunner),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_attempt_counters');
    await queryRunner.dropTable('api_tokens');
    await queryRunner.dropTable('sessions');
  }
}
