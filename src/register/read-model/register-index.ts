import type { DataSource } from 'typeorm';
import type { StandardRecord } from '../../algorithms/publicatiestandaard';
import { fromDbTime, isPostgresDb, q, sqlTrue } from '../../database/sql';
import type { Publication } from '../../publications/entities/publication.entity';
import { bumpRegisterVersion, indexPublication } from '../../publications/register-projection';

/**
 * Rebuilds the read model from the current publications, e.g. on a database that had published
 * entries before the register existed. Runs in one transaction.
 */
export async function rebuildRegisterIndex(ds: DataSource): Promise<number> {
  return ds.transaction(async (em) => {
    if (isPostgresDb(em))
      // The themes' foreign key is checked with a plan PostgreSQL makes once per connection; made
      // while register_entries is nearly empty, it scans the table, and every later check of the
      // rebuild does so too (10,000 entries: 42 s, 30,000: 198 s). Planned each time, it uses the
      // key's index as the table grows.
      await q(em, 'SET LOCAL plan_cache_mode = force_custom_plan');
    await q(em, `DELETE FROM ${isPostgresDb(em) ? 'register_search_vectors' : 'register_search'}`);
    await q(em, 'DELETE FROM register_entry_themes');
    await q(em, 'DELETE FROM register_entries');
    const rows = await q<Record<string, unknown>>(
      em,
      `SELECT p.id, p.algorithm_id, p.number, p.published_at, p.origin, p.record, p.summary,
              o.id AS org_id, o.name AS org_name, o.slug AS org_slug, f.first_published_at
         FROM algorithm_publications p JOIN organisations o ON o.id = p.organisation_id
         JOIN (SELECT algorithm_id, MIN(published_at) AS first_published_at
                 FROM algorithm_publications GROUP BY algorithm_id) f
           ON f.algorithm_id = p.algorithm_id
        WHERE p.current = ${sqlTrue(em)}`,
    );
    for (const row of rows) {
      const publication = {
        id: Number(row.id),
        algorithmId: Number(row.algorithm_id),
        number: Number(row.number),
        publishedAt: fromDbTime(row.published_at),
        origin: row.origin,
        record: JSON.parse(String(row.record)) as StandardRecord,
        summary: row.summary ? JSON.parse(String(row.summary)) : null,
      } as Publication;
      // The first publication date of each entry is its oldest version's.
      await indexPublication(
        em,
        publication,
        { id: Number(row.org_id), name: String(row.org_name), slug: String(row.org_slug) },
        { firstPublishedAt: fromDbTime(row.first_published_at) },
      );
    }
    await bumpRegisterVersion(em);
    return rows.length;
  });
}
