import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableCheck,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { integer, oneOf, text, timestamp, varchar, id } from '../migration-helpers';

// The list as this migration wrote it; the entity may grow it in a later migration.
const STATES = ['pending', 'sending', 'sent', 'failed', 'digest', 'digested'];

/** E-mail: an outbox written with each change and sent after commit, and each user's choices. */
export class MailOutbox1795366100000 implements MigrationInterface {
  name = 'MailOutbox1795366100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          id(),
          integer('recipient_user_id', true),
          varchar('to_address', 254),
          integer('organisation_id', true),
          varchar('kind', 40),
          varchar('event_key', 200),
          varchar('subject', 200),
          text('body', false),
          varchar('state', 10),
          integer('attempts', false, 0),
          timestamp('next_attempt_at', false)(queryRunner),
          timestamp('lease_until')(queryRunner),
          timestamp('sent_at')(queryRunner),
          varchar('last_error', 500, true),
          timestamp('created_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_outbox_messages_event',
            columnNames: ['event_key', 'to_address'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_outbox_messages_due',
            columnNames: ['state', 'next_attempt_at'],
          }),
          new TableIndex({
            name: 'idx_outbox_messages_organisation',
            columnNames: ['organisation_id'],
          }),
        ],
        checks: [new TableCheck({ expression: oneOf('state', STATES) })],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['recipient_user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
          new TableForeignKey({
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_preferences',
        columns: [
          { ...integer('user_id'), isPrimary: true },
          varchar('language', 2),
          text('modes', false),
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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_preferences');
    await queryRunner.dropTable('outbox_messages');
  }
}
