import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { DomainError } from '../errors/domain-error';

/**
 * How deeply a JSON body may nest arrays and objects. No request of the app needs more than a
 * handful of levels; class-transformer, the validation pipe and the checklist engine all walk a
 * body recursively, and at some thousands of levels they run out of stack (a 500).
 */
export const JSON_MAX_DEPTH = 32;

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads JSON text chunk by chunk, without parsing (and so without recursion), and tells whether it
 * has nested arrays and objects deeper than `max` so far: brackets inside strings do not count.
 * Bytes of multi-byte UTF-8 characters are all 0x80 or higher and can never be taken for a
 * bracket or a quote, wherever a chunk ends.
 */
export class JsonDepthGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly max: number) {}

  tooDeep(chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.escaped) this.escaped = false;
      else if (this.inString) {
        if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) {
        this.inString = true;
      } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++this.depth > this.max) return true;
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.depth--;
      }
    }
    return false;
  }
}

/** Whether JSON text nests deeper than `max` (see JsonDepthGauge). */
export function nestsDeeperThan(json: Buffer, max: number): boolean {
  return new JsonDepthGauge(max).tooDeep(json);
}

/**
 * Fastify's own JSON parser (with its refusal of `__proto__` and `constructor.prototype`) behind a
 * depth check, so that a body nested too deeply is refused with 400 BODY_TOO_DEEP before any hook,
 * guard or handler sees it. Registered through Nest, which then leaves out its default parser.
 */
export function registerJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (nestsDeeperThan(body, JSON_MAX_DEPTH)) {
        done(
          new DomainError('BODY_TOO_DEEP', 'errors.BODY_TOO_DEEP', undefined, {
            max: JSON_MAX_DEPTH,
          }),
          undefined,
        );
        return;
      }
      parse(request, body.toString('utf8'), done);
    },
  );
}
