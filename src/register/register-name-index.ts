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
   * The head of the relevance order: the entries whose name holds all the words, then those
   * holding one fewer, down to one, as disjoint bitsets (countMatches lists each in name order,
   * and the other matches after them). Counted in bitsets, a word at a time: at least s words is
   * at least s - 1 before this word and this word too. Listing the positions instead cost a pass
   * over every matching name, and a walk over all of them for each page.
   */
  ranked(tokens: readonly string[]): Bits[] {
    // atLeast[s - 1]: the names holding at least s of the words.
    const atLeast: Bits[] = tokens.map(() => new Uint32Array(this.words));
    tokens.forEach((token, i) => {
      const bits = this.bits(token);
      for (let s = i; s >= 1; s--) {
        const more = atLeast[s];
        const fewer = atLeast[s - 1];
        for (let w = 0; w < this.words; w++) more[w] |= fewer[w] & bits[w];
      }
      const one = atLeast[0];
      for (let w = 0; w < this.words; w++) one[w] |= bits[w];
    });
    // Exactly s words: at least s and not at least s + 1; the most words first.
    for (let s = 0; s < atLeast.length - 1; s++) {
      const exactly = atLeast[s];
      const more = atLeast[s + 1];
      for (let w = 0; w < this.words; w++) exactly[w] &= ~more[w];
    }
    return atLeast.reverse();
  }
}

/** Lower case, without diacritics ("Café" is "cafe"), as SQLite's full-text index folds words. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function nameWords(name: string): string[] {
  return fold(name).match(/[\p{L}\p{N}]+/gu) ?? [];
}
