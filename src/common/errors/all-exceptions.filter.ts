import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../../i18n/i18n';
import { requestLanguage, wantsJson } from '../http/language';
import { DomainError, ERROR_STATUS, ErrorCode, statusToCode } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * The one place where errors become responses. Domain errors and HTTP exceptions keep their
 * status; anything else is logged with the request's correlation id and shown as a plain 500
 * that names that id and nothing of the internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const lang = requestLanguage(request);
    const requestId = request.id;

    const { code, messageKey, details, params } = this.classify(exception);
    const statusCode = ERROR_STATUS[code];
    if (statusCode >= 500) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
    }
    const message = translate(lang, messageKey, params);
    const body: ErrorBody = {
      statusCode,
      code,
      message,
      ...(details === undefined ? {} : { details }),
    };

    if (reply.sent) return;
    reply.status(statusCode);
    if (wantsJson(request)) {
      void reply
        .header('cache-control', 'no-store')
        .send(statusCode >= 500 ? { ...body, requestId } : body);
      return;
    }
    void reply.header('cache-control', 'no-store').view('errors/error', {
      title: translate(lang, 'errors.title', { status: statusCode }),
      status: statusCode,
      message,
      details: Array.isArray(details) ? details : undefined,
      requestId: statusCode >= 500 ? requestId : undefined,
    });
  }

  private classify(exception: unknown): {
    code: ErrorCode;
    messageKey: string;
    details?: unknown;
    params?: Record<string, unknown>;
  } {
    if (exception instanceof DomainError) {
      return {
        code: exception.code,
        messageKey: exception.messageKey,
        details: exception.details,
        params: exception.params,
      };
    }
    if (exception instanceof HttpException) {
      const code = statusToCode(exception.getStatus());
      return { code, messageKey: `errors.${code}` };
    }
    // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx status.
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = statusToCode(status);
      return { code, messageKey: `errors.${code}` };
    }
    return { code: 'INTERNAL_ERROR', messageKey: 'errors.INTERNAL_ERROR' };
  }
}
