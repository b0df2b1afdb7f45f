import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { preparedQuery } from './prepared';

/** SQLite in memory: the rows a prepared read returns are those TypeORM's own query returns. */
describe('preparedQuery on SQLite', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ database: 'sqlite', sqlitePath: ':memory:' } as AppConfig),
    ).initialize();
    await ds.query('CREATE TABLE t (id integer PRIMARY KEY, name text, note text, n real)');
    await ds.query(
      "INSERT INTO t VALUES (1, 'een', NULL, 1.5), (2, 'twee', 'x', NULL), (3, 'drie', '', 0)",
    );
  });
  afterAll(() => ds.destroy());

  it('gives each row as an object keyed by column name, NULLs included, like DataSource.query', async () => {
    const sql = 'SELECT id, name, note, n FROM t WHERE id IN (SELECT value FROM json_each(?))';
    const read = preparedQuery<Record<string, unknown>>(ds, 'rows', sql);
    const rows = await read(['[3,1]']);
    expect(rows).toEqual(await ds.query(sql, ['[3,1]']));
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: 1, name: 'een', note: null, n: 1.5 },
        { id: 3, name: 'drie', note: '', n: 0 },
      ]),
    );
    expect(Object.keys(rows[0])).toEqual(['id', 'name', 'note', 'n']);
    // Read again: the same statement, other parameters.
    expect(await read(['[2]'])).toEqual([{ id: 2, name: 'twee', note: 'x', n: null }]);
    expect(await read(['[]'])).toEqual([]);
  });

  it('keeps the last of two columns with one name, as better-sqlite3 does', async () => {
    const read = preparedQuery(ds, 'twice', 'SELECT name AS v, note AS v FROM t WHERE id = ?');
    expect(await read([2])).toEqual([{ v: 'x' }]);
  });

  it('rejects, rather than throws, on a statement that cannot be prepared or run', async () => {
    // Matched by message: the driver's error class is not this test's Error when jest runs
    // several projects at once.
    await expect(preparedQuery(ds, 'bad', 'SELECT x FROM nowhere')()).rejects.toMatchObject({
      message: expect.stringMatching(/no such table/),
    });
    const read = preparedQuery(ds, 'params', 'SELECT id FROM t WHERE id = ?');
    await expect(read([])).rejects.toMatchObject({ message: expect.stringMatching(/parameter/) });
  });
});
