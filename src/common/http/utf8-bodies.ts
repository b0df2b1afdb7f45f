import type { FastifyInstance } from 'fastify';

/** From this length on a text body is sent as bytes; a page of search results is about 60 KB. */
const MIN_LENGTH = 8 * 1024;

/**
 * Large text bodies, the pages above all, are turned into UTF-8 bytes once, here. A page comes
 * from the templates as a string of thousands of pieces, held two bytes a character as soon as
 * one character needs it (a "…" will do). Sent as a string it was copied whole twice more: once to
 * count its bytes for Content-Length, once when Node put the response's headers in front of it.
 * As bytes it is counted by its length and written after the headers as it is. Compression
 * (@fastify/compress, a hook of each route, so after this one) takes bytes as well as text.
 */
export function registerUtf8Bodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, _reply, payload, done) => {
    done(
      null,
      typeof payload === 'string' && payload.length >= MIN_LENGTH ? Buffer.from(payload) : payload,
    );
  });
}
