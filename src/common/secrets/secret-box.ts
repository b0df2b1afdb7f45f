import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** Marks a sealed value, so that a value stored before sealing existed is still read. */
const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The longest secret that still fits a 500-character column once sealed. */
export const MAX_SEALED_PLAIN = 300;

/** A sealed value that this instance cannot open: sealed under another SESSION_SECRET, or altered. */
export class SecretUnreadableError extends Error {
  constructor() {
    super('A stored secret cannot be opened with this instance’s SESSION_SECRET');
  }
}

/** The key for stored secrets, derived from the session secret that every instance shares. */
export function secretsKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'waarborg', 'stored secrets v1', 32));
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** AES-256-GCM with a fresh nonce: `sealed:v1:` and base64url of nonce, tag and ciphertext. */
export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plain value; a value stored before sealing existed is returned as it is. */
export function open(stored: string, key: Buffer): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretUnreadableError();
  }
}

/**
 * Secrets Waarborg must keep to use (an identity provider's client secret), stored sealed so that
 * a copy of the database alone does not give them away. The key comes from SESSION_SECRET, which
 * every instance of one installation shares already and which a backup does not contain.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: ConfigService) {
    this.key = secretsKey(config.getOrThrow<AppConfig>(APP_CONFIG).sessionSecret);
  }

  seal(plain: string): string {
    return seal(plain, this.key);
  }

  open(stored: string): string {
    return open(stored, this.key);
  }
}
