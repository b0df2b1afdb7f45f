import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { LogController } from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Logs through Fastify's own pino logger: one JSON line per event in production and tests, one
 * readable line in development (written synchronously, so the start-up banner printed after
 * listening stays the last thing on the screen). A caller's X-Request-Id is kept when it looks
 * harmless, otherwise one is made; it is echoed in the response, written on the request's log
 * line and shown on 500 pages. Credentials never reach the log.
 */
export function fastifyLoggerOptions(
  config: AppConfig,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  return {
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['headers.authorization', 'headers.cookie', 'password', '*.password'],
        censor: '[redacted]',
      },
      ...(config.nodeEnv === 'development'
        ? {
            stream: pretty({
              sync: true,
              singleLine: true,
              translateTime: 'SYS:HH:MM:ss',
              ignore: 'pid,hostname,context',
            }),
          }
        : {}),
    },
    logController: new RequestLogController(),
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

/** One line per request, written when the response has gone out; nothing on arrival. */
class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
    };
    if (error || reply.statusCode >= 500)
      request.log.error({ ...line, err: error ?? undefined }, 'request completed');
    else request.log.info(line, 'request completed');
  }
}

/** Echoes the correlation id so a caller can quote it. */
export function registerRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
}

/**
 * Nest's start-up report (every module loaded, every route mapped: over a hundred lines) is for
 * debugging the wiring, not for the operator's console.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Lets Nest's own Logger write to the same pino instance. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  log(message: unknown, context?: string) {
    this.write(context && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    context?: string,
    trace?: string,
  ) {
    if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...(trace ? { trace } : {}), ...message });
    } else {
      this.pino[level]({ context, ...(trace ? { trace } : {}) }, String(message));
    }
  }
}
