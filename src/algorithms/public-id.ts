import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: a public id is read aloud and typed over from letters and council papers.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A short random id for public URLs; uniqueness is enforced by the database index. */
export function newPublicId(length = 8): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
