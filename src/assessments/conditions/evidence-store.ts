import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';

const STORED_NAME = /^[0-9a-f]{32}$/;

/**
 * Uploaded documents on disk, in a folder of their own under DATA_DIR/files (what a backup
 * copies). A file is stored under a random name of its own, never the uploaded one, and is read
 * back only through the service that owns the folder, for someone who may read the assessment.
 * Every folder takes documents up to EVIDENCE_MAX_MB.
 */
export class DocumentStore {
  private readonly dir: string;
  readonly maxBytes: number;

  constructor(config: ConfigService, folder: string) {
    const app = config.getOrThrow<AppConfig>(APP_CONFIG);
    this.dir = join(app.filesDir, folder);
    this.maxBytes = app.evidenceMaxBytes;
  }

  /** Writes a document whole or not at all (a temporary name, then a rename). */
  async save(bytes: Buffer): Promise<{ file: string; sha256: string }> {
    await mkdir(this.dir, { recursive: true, mode: 0o750 });
    const file = randomBytes(16).toString('hex');
    const temporary = join(this.dir, `${file}.part`);
    await writeFile(temporary, bytes, { mode: 0o640, flag: 'wx' });
    await rename(temporary, join(this.dir, file));
    return { file, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async read(file: string): Promise<Buffer> {
    if (!STORED_NAME.test(file)) throw new DomainError('NOT_FOUND');
    try {
      return await readFile(join(this.dir, file));
    } catch {
      throw new DomainError('NOT_FOUND');
    }
  }

  /** Removes a document whose record was never written (its transaction failed). */
  async remove(file: string): Promise<void> {
    if (STORED_NAME.test(file)) await rm(join(this.dir, file), { force: true });
  }
}

/** Evidence of conditions, under DATA_DIR/files/evidence, read back through ConditionsService. */
@Injectable()
export class EvidenceStore extends DocumentStore {
  constructor(config: ConfigService) {
    super(config, 'evidence');
  }
}
