import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { setImmediate as turnOfEventLoop } from 'node:timers/promises';
import { JSONParser } from '@streamparser/json';
import { JSON_MAX_DEPTH, JsonDepthGauge } from '../common/http/json-body';
import { ImportInputError } from './import-input-error';
import { fromListing, fromStandard, isObject } from './import-records';
import type { ImportCandidate, ImportProblem } from './import-records';
import { IMPORT_MAX_BYTES } from './import-limits';

/** Where an import reads its file: the bytes of an upload, or a file on disk (the CLI). */
export type ImportSource = { bytes: Buffer } | { path: string };

export type ImportFormat = 'national-listing' | 'publicatiestandaard-v1.0';

/** What reading a file found: its kind, its entries, the valid ones among them, the problems. */
export interface ReadFile {
  format: ImportFormat;
  total: number;
  /** The entries that can be imported, each handed to the reader's `onEntries` once. */
  candidates: number;
  problems: ImportProblem[];
}

/** Why a file as a whole cannot be imported; nothing of it is. */
const fileInvalid = (reason: string, params?: Record<string, unknown>) =>
  new ImportInputError('IMPORT_FILE_INVALID', 'file', reason, params);

/** A chunk of the file is parsed between two turns of the event loop, so others are served. */
const CHUNK_BYTES = 64 * 1024;

/**
 * How deeply an import file may nest arrays and objects: the listing's deepest value is four
 * levels down (`{"algoritmes": [{"theme": [...]}]}`); the mapping (import-records.ts) turns values into text
 * recursively, which a file nested some thousands deep would run out of stack.
 */
const IMPORT_MAX_DEPTH = JSON_MAX_DEPTH;

const tooLarge = () =>
  new ImportInputError('IMPORT_FILE_TOO_LARGE', 'file', 'tooLarge', {
    megabytes: IMPORT_MAX_BYTES / 1024 / 1024,
  });

/** The file in chunks; one on disk larger than IMPORT_MAX_BYTES is refused before it is read. */
async function* chunksOf(source: ImportSource): AsyncGenerator<Uint8Array> {
  if ('bytes' in source) {
    for (let at = 0; at < source.bytes.length; at += CHUNK_BYTES)
      yield source.bytes.subarray(at, at + CHUNK_BYTES);
    return;
  }
  if ((await stat(source.path)).size > IMPORT_MAX_BYTES) throw tooLarge();
  yield* createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
}

/**
 * Reads a file as a stream: UTF-8 JSON in one of the two accepted shapes, or a clear reason why
 * not. The file is never held as one text, one parsed tree or one list of entries: a streaming
 * parser hands over one entry at a time, which is checked and mapped at once; the valid ones go
 * to `onEntries` after each chunk (which may write them before the next chunk is read), and the
 * event loop serves other requests between chunks. Every reason to refuse the file as a whole
 * (too large, too deep, not UTF-8, not JSON, neither shape) makes this throw an ImportInputError.
 */
export async function readImportFile(
  source: ImportSource,
  onEntries: (entries: ImportCandidate[]) => Promise<void> = async () => {},
): Promise<ReadFile> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const depth = new JsonDepthGauge(IMPORT_MAX_DEPTH);
  const entries = new EntryStream();
  let bytes = 0;
  for await (const chunk of chunksOf(source)) {
    bytes += chunk.length;
    if (bytes > IMPORT_MAX_BYTES) throw tooLarge();
    if (depth.tooDeep(chunk)) throw fileInvalid('tooDeep', { max: IMPORT_MAX_DEPTH });
    entries.write(decodeUtf8(decoder, chunk));
    const ready = entries.take();
    if (ready.length) await onEntries(ready);
    await turnOfEventLoop();
  }
  decodeUtf8(decoder);
  const collector = entries.end();
  const ready = collector.take();
  if (ready.length) await onEntries(ready);
  return collector.result();
}

function decodeUtf8(decoder: TextDecoder, chunk?: Uint8Array): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw fileInvalid('notUtf8');
  }
}

/**
 * Text in, entries out. Which paths the parser hands over depends on the file's first character:
 * a list is Publicatiestandaard entries; an object is the national listing when its `algoritmes`
 * is a list (each item handed over as it is read), otherwise one Publicatiestandaard entry
 * (handed over whole at the end).
 */
class EntryStream {
  private parser: JSONParser | null = null;
  private failure: Error | null = null;
  private root: unknown;
  private collector: Collector | null = null;
  private listingNotAList = false;

  write(text: string): void {
    if (!this.parser) {
      const start = text.search(/\S/);
      if (start < 0) return;
      this.parser = this.open(text[start]);
    }
    this.parser.write(text);
    if (this.failure) throw fileInvalid('notJson', { detail: this.failure.message });
  }

  /** The valid entries read since the last call. */
  take(): ImportCandidate[] {
    return this.collector?.take() ?? [];
  }

  /** The collector of the whole file, once it is known to be whole and of an accepted shape. */
  end(): Collector {
    if (!this.parser) throw fileInvalid('notJson', { detail: 'the file holds no JSON value' });
    if (!this.parser.isEnded) this.parser.end();
    if (this.failure) throw fileInvalid('notJson', { detail: this.failure.message });
    const root = this.root;
    if (this.collector?.format === 'publicatiestandaard-v1.0') {
      if (this.collector.total === 0) throw fileInvalid('emptyList');
      return this.collector;
    }
    if (this.listingNotAList) throw fileInvalid('wrongShape');
    if (this.collector) return this.collector;
    if (isObject(root) && Array.isArray(root.algoritmes))
      return new Collector('national-listing', fromListing);
    if (isObject(root) && ('name' in root || 'description_short' in root)) {
      const single = new Collector('publicatiestandaard-v1.0', fromStandard);
      single.add(root);
      return single;
    }
    throw fileInvalid('wrongShape');
  }

  private open(first: string): JSONParser {
    const list = first === '[';
    const parser = new JSONParser({
      paths: list ? ['$.*'] : first === '{' ? ['$.algoritmes.*', '$'] : ['$'],
      keepStack: false,
    });
    if (list) this.collector = new Collector('publicatiestandaard-v1.0', fromStandard);
    parser.onValue = ({ value, parent, stack }) => {
      if (stack.length === 0) this.root = value;
      else if (list) this.collector!.add(value);
      else if (!Array.isArray(parent)) this.listingNotAList = true;
      else (this.collector ??= new Collector('national-listing', fromListing)).add(value);
    };
    parser.onError = (err) => (this.failure ??= err);
    return parser;
  }
}

/**
 * The entries of a file as they are read: mapped, checked, and each source id once. The valid
 * ones wait to be taken; only their keys are kept, to find one that comes twice.
 */
class Collector {
  total = 0;
  private candidates = 0;
  private pending: ImportCandidate[] = [];
  private readonly problems: ImportProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly format: ImportFormat,
    private readonly map: (
      item: Record<string, unknown>,
      index: number,
      problems: ImportProblem[],
    ) => ImportCandidate | null,
  ) {}

  add(item: unknown): void {
    const index = this.total++;
    if (!isObject(item)) {
      this.problems.push({
        id: `#${index + 1}`,
        field: '(entry)',
        reason: 'not an object',
        refused: true,
      });
      return;
    }
    const candidate = this.map(item, index, this.problems);
    if (!candidate) return;
    const key = `${candidate.organisationName ?? ''}\u0000${candidate.sourceId}`;
    if (this.seen.has(key)) {
      this.problems.push({
        id: candidate.sourceId,
        field: 'id',
        reason: 'appears twice in the file',
        refused: true,
      });
      return;
    }
    this.seen.add(key);
    this.candidates++;
    this.pending.push(candidate);
  }

  take(): ImportCandidate[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  result(): ReadFile {
    const { format, total, candidates, problems } = this;
    return { format, total, candidates, problems };
  }
}
