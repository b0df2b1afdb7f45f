import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { text, withSqliteRebuild } from '../migration-helpers';

/**
 * What the national register's listing says of an imported entry beside its record: its id
 * there and its impact-assessment flag (Ja, Nee, Onbekend), which no Publicatiestandaard field
 * holds. Null for every other publication; entries imported before get it from the next import
 * of the listing.
 */
export class NationalListing1795367400000 implements MigrationInterface {
  name = 'NationalListing1795367400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'algorithm_publications',
      new TableColumn(text('national_listing')),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // SQLite drops a column by rebuilding the table, which register rows point at.
    await withSqliteRebuild(queryRunner, () =>
      queryRunner.dropColumn('algorithm_publications', 'national_listing'),
    );
  }
}
