import type { Bits } from './register-facet-index';

/**
 * The words of every entry's name, in memory, for ordering a search by relevance: an entry whose
 * name holds a search word ranks above one that only mentions it in its text. Building it costs
 * about a tenth of a second at 100,000 entries (half a million words); answering a word beginning
 * is a binary search and a few posting lists, where asking the full-text index for its ranking
 * (bm25 or ts_rank over every match) cost 40–130 ms for a common word. The words are folded as
 * both full-text indexes fold them: lower case, without diacritics.
 */
export class RegisterNameIndex {
  /** Every distinct word, in order. */
  private readonly terms: string[];
  /** The positions whose name holds terms[t]: postings[starts[t] .. starts[t + 1]). */
  private readonly starts: Int32Array;
  private readonly postings: Int32Array;

  /** `names[p]` is the name of the entry at position p. */
  constructor(
    names: readonly string[],
    private readonly words: number,
  ) {
    const byTerm = new Map<string, number[]>();
    names.forEach((name, p) => {
      for (const term of new Set(nameWords(name))) {
        const list = byTerm.get(term);
        if (list) list.push(p);
        else byTerm.set(term, [p]);
      }
    });
    this.terms = [...byTerm.keys()].sort();
    this.starts = new Int32Array(this.terms.length + 1);
    let total = 0;
    this.terms.forEach((term, t) => {
      this.starts[t] = total;
      total += byTerm.get(term)!.length;
    });
    this.starts[this.terms.length] = total;
    this.postings = new Int32Array(total);
    this.terms.forEach((term, t) => this.postings.set(byTerm.get(term)!, this.starts[t]));
  }

  /** The entries whose name has a word beginning with `token`, as a bitset. */
  bits(token: string): Bits {
    const prefix = fold(token);
    const bits = new Uint32Array(this.words);
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let t = lo; t < this.terms.length && this.terms[t].startsWith(prefix); t++)
      for (let k = this.starts[t]; k < this.starts[t + 1]; k++) {
        const p = this.postings[k];
        bits[p >>> 5] |= 1 << (p & 31);
      }
    return bits;
  }

  /**
   * The matching entries whose name holds any of the words, the most words first, each group in
   * name order: the head of the relevance order (the other matches follow by name).
   */
  ranked(tokens: readonly string[], match: Bits | null): Int32Array {
    const named = tokens.map((token) => this.bits(token));
    // Positions by the number of words their name holds, each list in name order.
    const byScore: number[][] = named.map(() => []);
    let total = 0;
    for (let w = 0; w < this.words; w++) {
      let any = 0;
      for (const bits of named) any |= bits[w];
      let m = match ? any & match[w] : any;
      while (m) {
        const low = m & -m;
        m ^= low;
        let score = 0;
        for (const bits of named) if (bits[w] & low) score++;
        byScore[score - 1].push((w << 5) | (31 - Math.clz32(low)));
        total++;
      }
    }
    const order = new Int32Array(total);
    let k = 0;
    for (let score = byScore.length; score >= 1; score--) {
      order.set(byScore[score - 1], k);
      k += byScore[score - 1].length;
    }
    return order;
  }
}

/** Lower case, without diacritics ("Café" is "cafe"), as SQLite's full-text index folds words. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function nameWords(name: string): string[] {
  return fold(name).match(/[\p{L}\p{N}]+/gu) ?? [];
}
