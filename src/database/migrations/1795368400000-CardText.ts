import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bumpRegisterVersion,
  CARD_TEXT_LENGTH,
  cardText,
} from '../../publications/register-projection';
import { q } from '../sql';

/**
 * A result card's own text, where it is not the short description as it stands
 * (register-projection.ts cardText): the national listing gives no short description, so each of
 * its entries showed only a name. Filled here for the entries already in the read model; only
 * those without a short description, or with one longer than a card shows, get one.
 */
export class CardText1795368400000 implements MigrationInterface {
  name = 'CardText1795368400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE register_entries ADD COLUMN card_text text');
    const db = queryRunner.manager;
    const rows = await q<{ algorithm_id: number; record: string }>(
      db,
      `SELECT e.algorithm_id, p.record FROM register_entries e
         JOIN algorithm_publications p ON p.id = e.publication_id
        WHERE e.description_short = '' OR length(e.description_short) > ?`,
      [CARD_TEXT_LENGTH],
    );
    for (const row of rows) {
      const text = cardText(JSON.parse(row.record));
      if (text !== null)
        await q(db, 'UPDATE register_entries SET card_text = ? WHERE algorithm_id = ?', [
          text,
          row.algorithm_id,
        ]);
    }
    // Cached register pages of every instance show the cards without it.
    if (rows.length) await bumpRegisterVersion(db);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE register_entries DROP COLUMN card_text');
  }
}
