import type { DataSource } from 'typeorm';
import { latin1Only, oneByteIfLatin1 } from '../common/one-byte';
import { fromDbTime, q } from '../database/sql';
import type { FacetIndex } from './register-facet-index';
import { CARD_COLUMNS } from './register-rows';
import type { Row } from './register-rows';

/**
 * What a result card shows of every entry of one index version (CARD_COLUMNS), kept in memory
 * outside the JavaScript heap: its texts as UTF-8 in buffers, the rest in typed arrays, so the
 * garbage collector has nothing more to walk. A page's 25 cards come from here instead of a query:
 * at 100,000 entries the query took about 113 µs a page, in memory about 30 µs (32 MB of text);
 * at 1,000 entries 52 against 7 µs (a throwaway script, 3,000 pages of 25 random entries).
 *
 * An entry's row changes only with a new publication (register-projection.ts replaces it), so
 * the next version keeps the bytes of every entry whose publication is the same and reads only
 * the others. A card read here whose publication is no longer the one the index read (published
 * again in between) is left out, and the page reads that one from the database as before.
 */
export class KeptCards {
  /** Cards read from the database for this version; the others came from the previous one. */
  readonly read: number;
  /** Whether this version's texts are partly in the previous version's buffers. */
  readonly sharesPrevious: boolean;

  private constructor(
    private readonly index: FacetIndex,
    private readonly bytes: Chunks,
    /** Per position: its card's bytes are bytes.list[chunk[p]][start[p] .. end[p]). */
    private readonly chunk: Uint16Array,
    private readonly start: Int32Array,
    private readonly end: Int32Array,
    /** Per position, four lengths (UTF-16 units): public id, slug, name, card text; origin after. */
    private readonly lengths: Uint16Array,
    private readonly missing: Int32Array,
    private readonly changed: Float64Array,
    /** Per position, the publication its card is of; 0 for no card. */
    private readonly publications: Int32Array,
    read: number,
  ) {
    this.read = read;
    this.sharesPrevious = bytes.shared > 0;
  }

  /**
   * The cards of `index`, whose entries are of `publicationIds` (per position): those of the
   * previous version's cards with the same publication taken over, the others read. The texts go
   * straight into the buffers: held as strings until the end, the 32 MB of text of 100,000 cards
   * would take about as much of a heap limited to 128 MB (start:prod). `chunkBytes`: the size
   * of a buffer (a test makes them small to share them).
   */
  static async of(
    ds: DataSource,
    index: FacetIndex,
    publicationIds: Int32Array,
    previous?: KeptCards | null,
    chunkBytes = CHUNK,
  ): Promise<KeptCards> {
    const chunk = new Uint16Array(index.size);
    const start = new Int32Array(index.size);
    const end = new Int32Array(index.size);
    const lengths = new Uint16Array(index.size * 4);
    const missing = new Int32Array(index.size);
    const changed = new Float64Array(index.size);
    const publications = new Int32Array(index.size);
    const before = new Int32Array(index.size);
    const toRead: number[] = [];
    for (let p = 0; p < index.size; p++) {
      before[p] = previous?.positionOf(index.ids[p], publicationIds[p]) ?? -1;
      if (before[p] < 0) toRead.push(index.ids[p]);
    }
    // The previous version's buffers are taken over as they are while at most a third of their
    // bytes are of cards no longer shown; past that, the cards kept are copied into new ones.
    let kept = 0;
    for (let p = 0; p < index.size; p++)
      if (before[p] >= 0) kept += previous!.end[before[p]] - previous!.start[before[p]];
    const share = !!previous && previous.bytes.size() * 2 <= kept * 3;
    const out = new Chunks(chunkBytes, share ? previous.bytes.list : []);
    for (let p = 0; p < index.size; p++) {
      const b = before[p];
      if (b < 0 || !previous) continue;
      if (share)
        [chunk[p], start[p], end[p]] = [previous.chunk[b], previous.start[b], previous.end[b]];
      else {
        const from = previous.bytes.list[previous.chunk[b]];
        [chunk[p], start[p], end[p]] = out.copy(from, previous.start[b], previous.end[b]);
      }
      lengths.set(previous.lengths.subarray(b * 4, b * 4 + 4), p * 4);
      missing[p] = previous.missing[b];
      changed[p] = previous.changed[b];
      publications[p] = publicationIds[p];
    }
    for (const batch of readRows(ds, toRead, index.size))
      for (const row of await batch) {
        const p = index.position(Number(row.algorithm_id));
        // Published again since the index read it: the page reads this one from the database.
        if (p < 0 || Number(row.publication_id) !== publicationIds[p]) continue;
        // Taken over already (a range read passes the kept cards too).
        if (publications[p] !== 0) continue;
        const fields = [row.public_id, row.slug, row.name, row.card_text ?? ''].map(String);
        // A length beyond its counter (none is near it: a card's text is at most 300 characters).
        if (fields.some((field) => field.length > 0xffff)) continue;
        fields.forEach((field, k) => (lengths[p * 4 + k] = field.length));
        [chunk[p], start[p], end[p]] = out.write(fields.join('') + String(row.origin));
        missing[p] = Number(row.missing_count);
        changed[p] = fromDbTime(row.last_changed_at).getTime();
        publications[p] = publicationIds[p];
      }
    return new KeptCards(
      index,
      out.done(),
      chunk,
      start,
      end,
      lengths,
      missing,
      changed,
      publications,
      toRead.length,
    );
  }

  /** The card's row of the entry with this id, as CARD_COLUMNS reads it; null when not kept. */
  row(id: number): Row | null {
    const p = this.index.position(id);
    if (p < 0 || this.publications[p] === 0) return null;
    const text = this.bytes.list[this.chunk[p]].toString('utf8', this.start[p], this.end[p]);
    // As many characters as bytes: all ASCII. Else a "…" or a "’" in the name or the card's text
    // makes the whole text two bytes a character, and every slice of it, the slug included: then
    // each field is held one byte a character again where its own characters allow it.
    const wide = text.length !== this.end[p] - this.start[p] && !latin1Only(text);
    const field = (from: number, to?: number) =>
      wide ? oneByteIfLatin1(text.slice(from, to)) : text.slice(from, to);
    const k = p * 4;
    const slug = this.lengths[k];
    const name = slug + this.lengths[k + 1];
    const cardText = name + this.lengths[k + 2];
    const origin = cardText + this.lengths[k + 3];
    return {
      algorithm_id: id,
      public_id: field(0, slug),
      slug: field(slug, name),
      name: field(name, cardText),
      card_text: field(cardText, origin),
      origin: field(origin),
      missing_count: this.missing[p],
      last_changed_at: new Date(this.changed[p]),
    };
  }

  /** Where this entry's card of this publication is kept here; -1 when it is not. */
  private positionOf(id: number, publicationId: number): number {
    const p = this.index.position(id);
    return p >= 0 && publicationId !== 0 && this.publications[p] === publicationId ? p : -1;
  }
}

/**
 * Bytes outside the heap in buffers of a megabyte, each card's within one: written once and never
 * moved, so a new version can share them and none is copied to grow. A buffer's end is cut at its
 * last card (the pages of memory after it were never touched), so their sizes count only cards.
 */
class Chunks {
  readonly list: Buffer[];
  /** How many of the buffers, at the start of the list, are another version's. */
  readonly shared: number;
  private used: number;

  /** `shared`: another version's buffers, read by it still: written after, never into. */
  constructor(
    private readonly chunkBytes: number,
    shared: Buffer[],
  ) {
    this.list = [...shared];
    this.shared = shared.length;
    this.used = shared.length ? shared[shared.length - 1].length : 0;
  }

  size(): number {
    return this.list.reduce((n, buffer) => n + buffer.length, 0);
  }

  /** Appends the text as UTF-8; returns where it went: [chunk, start, end]. */
  write(text: string): [number, number, number] {
    const buffer = this.room(text.length * 3);
    const start = this.used;
    this.used += buffer.write(text, start);
    return [this.list.length - 1, start, this.used];
  }

  /** Appends bytes of another buffer; returns where they went. */
  copy(from: Buffer, start: number, end: number): [number, number, number] {
    const buffer = this.room(end - start);
    const at = this.used;
    this.used += from.copy(buffer, at, start, end);
    return [this.list.length - 1, at, this.used];
  }

  /** Ends the last buffer at its last byte written (a view: nothing is copied). */
  done(): this {
    const last = this.list.length - 1;
    if (last >= this.shared) this.list[last] = this.list[last].subarray(0, this.used);
    return this;
  }

  private room(bytes: number): Buffer {
    const last = this.list[this.list.length - 1];
    if (last && this.used + bytes <= last.length) return last;
    this.done();
    const next = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, bytes));
    this.list.push(next);
    this.used = 0;
    return next;
  }
}

const CHUNK = 1024 * 1024;
/**
 * Rows a read of a range takes: the first version reads every card, and each batch's row objects
 * are garbage after it. With 5,000 the worker's peak RSS at 100,000 entries on PostgreSQL was 291
 * MB, with 1,000 286 MB (before the cards were kept: 255; the budget is 300).
 */
const BATCH = 1000;
const LIST = 500;

/**
 * The card rows of these entries, in batches: by ranges of ids when most of the register is to be
 * read (the first version), else by lists of ids.
 */
function* readRows(ds: DataSource, ids: number[], size: number): Generator<Promise<Row[]>> {
  const columns = `${CARD_COLUMNS}, e.publication_id`;
  if (ids.length > size / 4) {
    const sorted = Int32Array.from(ids).sort();
    for (let from = 0; from < sorted.length; from += BATCH)
      yield q<Row>(
        ds,
        `SELECT ${columns} FROM register_entries e WHERE e.algorithm_id BETWEEN ? AND ?`,
        [sorted[from], sorted[Math.min(from + BATCH, sorted.length) - 1]],
      );
    return;
  }
  for (let from = 0; from < ids.length; from += LIST) {
    const part = ids.slice(from, from + LIST);
    yield q<Row>(
      ds,
      `SELECT ${columns} FROM register_entries e WHERE e.algorithm_id IN (${part.map(() => '?').join(', ')})`,
      part,
    );
  }
}
