import { serialize } from 'node:v8';

/**
 * Whether V8 holds the string one byte a character (src/common/one-byte.ts). V8's serializer
 * writes the string as it is held: after its header (0xFF and the format version, one byte while
 * under 128) comes the tag '"' for one byte a character; a string held two bytes a character is
 * tagged 'c', after a padding byte when one is needed for alignment.
 */
export function isHeldOneByte(text: string): boolean {
  const bytes = serialize(text);
  if (bytes[0] !== 0xff || bytes[1] >= 0x80) throw new Error('unexpected V8 serializer header');
  return bytes[2] === 0x22;
}
