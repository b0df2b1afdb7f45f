import { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../migration-helpers';

/**
 * PostgreSQL's search vectors move out of `register_entries` into a table of their own. A search
 * reads 25 entry rows for its page, and the vector was 1.2 KB of each 1.9 KB row: at 100,000
 * entries the table was 195 MB, more than the default shared buffers, and a page's rows cost the
 * server 200–250 µs; without the vectors it is 53 MB and 140 µs. The vectors are read once at
 * start-up (the lexemes kept in memory) and by the full-text fallback. SQLite keeps its FTS5
 * table: nothing changes there.
 *
 * Like that FTS5 table, the vectors have no foreign key: the projection deletes an entry's vector
 * with its row. A key to `register_entries` would be one more check per entry in a rebuild, and
 * PostgreSQL planned it as a scan of that table, as it did the themes' key (see
 * rebuildRegisterIndex).
 */
export class SearchVectorsApart1795368300000 implements MigrationInterface {
  name = 'SearchVectorsApart1795368300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) return;
    await queryRunner.query(
      `CREATE TABLE register_search_vectors (
        algorithm_id integer PRIMARY KEY,
        search_vector tsvector NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO register_search_vectors (algorithm_id, search_vector)
       SELECT algorithm_id, search_vector FROM register_entries WHERE search_vector IS NOT NULL`,
    );
    // Drops the old GIN index with it.
    await queryRunner.query('ALTER TABLE register_entries DROP COLUMN search_vector');
    await queryRunner.query(
      'CREATE INDEX idx_register_search_vectors ON register_search_vectors USING GIN (search_vector)',
    );
    // A dropped column's bytes stay in every row until the row is written again: CLUSTER writes
    // the table anew (VACUUM FULL would too, but cannot run in the migration's transaction).
    const [key] = (await queryRunner.query(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'register_entries'::regclass AND x.indisprimary`,
    )) as { name: string }[];
    await queryRunner.query(`CLUSTER register_entries USING "${key.name}"`);
    await queryRunner.query('ALTER TABLE register_entries SET WITHOUT CLUSTER');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) return;
    await queryRunner.query('ALTER TABLE register_entries ADD COLUMN search_vector tsvector');
    await queryRunner.query(
      `UPDATE register_entries e SET search_vector = v.search_vector
         FROM register_search_vectors v WHERE v.algorithm_id = e.algorithm_id`,
    );
    await queryRunner.query(
      'CREATE INDEX idx_register_entries_search ON register_entries USING GIN (search_vector)',
    );
    await queryRunner.query('DROP TABLE register_search_vectors');
  }
}
