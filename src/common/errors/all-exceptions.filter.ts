import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasMessage, Language, translate } from '../../i18n/i18n';
import type { FlatForm } from '../forms/form-body';
import { FORM_DRAFTS } from '../forms/form-view';
import type { FormDrafts, FormViewSpec, PageBuilder, RouteParams } from '../forms/form-view';
import { SESSION_COOKIE } from '../http/cookies';
import { localisedPath, requestLanguage, wantsJson } from '../http/language';
import { contextOf } from '../request-context';
import type { FieldProblem } from '../validation';
import { DomainError, ERROR_STATUS, ErrorCode, statusToCode } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

interface Classified {
  code: ErrorCode;
  messageKey: string;
  details?: unknown;
  params?: Record<string, unknown>;
}

/** Codes of @fastify/csrf-protection, which checks the token before Nest sees the request. */
const CSRF_PLUGIN_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/**
 * The one place where errors become responses. Domain errors and HTTP exceptions keep their
 * status; anything else is logged with the request's correlation id and shown as a plain 500
 * that names that id and nothing of the internals. A failed form is shown again on its whole
 * page, built only now, with its input and the errors beside their fields (see FormView).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly moduleRef: ModuleRef) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    const lang = requestLanguage(request);

    const classified = classify(exception);
    const { code } = classified;
    const statusCode = ERROR_STATUS[code];
    if (statusCode >= 500)
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');

    const message = translate(lang, classified.messageKey, classified.params);
    const details = translateDetails(lang, classified.details);
    void reply.header('cache-control', 'no-store');

    if (wantsJson(request)) {
      const body: ErrorBody = {
        statusCode,
        code,
        message,
        ...(details === undefined ? {} : { details }),
      };
      void reply
        .status(statusCode)
        .send(statusCode >= 500 ? { ...body, requestId: request.id } : body);
      return;
    }
    if (request.method === 'POST' && code === 'UNAUTHENTICATED' && request.formKey) {
      // A form posted after its session expired: keep what was typed, log in, show it again.
      const drafts = this.moduleRef.get<FormDrafts>(FORM_DRAFTS, { strict: false });
      const draftId = await drafts.keep(request);
      const next = draftId ? `/drafts/${draftId}` : refererPath(request);
      void reply.redirect(
        `${localisedPath(lang, '/login')}?${new URLSearchParams({
          ...(next ? { next: localisedPath(lang, next) } : {}),
          ...(request.cookies?.[SESSION_COOKIE] ? { expired: '1' } : {}),
          ...(draftId ? { input: 'kept' } : {}),
        }).toString()}`,
        303,
      );
      return;
    }
    if (request.method === 'GET' && code === 'UNAUTHENTICATED') {
      // A session cookie that no longer leads to a session: the session has expired.
      const expired = request.cookies?.[SESSION_COOKIE] ? '&expired=1' : '';
      void reply.redirect(
        `${localisedPath(lang, '/login')}?next=${encodeURIComponent(request.url)}${expired}`,
        303,
      );
      return;
    }
    if (request.method === 'GET' && code === 'PASSWORD_CHANGE_REQUIRED') {
      void reply.redirect(localisedPath(lang, '/account/password'), 303);
      return;
    }
    if (request.formView && statusCode < 500) {
      const { formView } = request;
      let page: unknown;
      try {
        page = await this.buildPage(formView, request);
      } catch (err) {
        // The page itself cannot be shown (the assessment is gone, say): that error instead.
        request.formView = undefined;
        return this.catch(err, host);
      }
      const problems = Array.isArray(details) ? (details as TranslatedProblem[]) : [];
      void reply.status(statusCode).view(formView.view, {
        titleKey: formView.titleKey,
        page,
        values: keptInput(request.body),
        errors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
        errorList: problems,
        formError: problems.length === 0 ? message : undefined,
        // Says whether the input shown again was refused for being stale (a conflict).
        formErrorCode: code,
        csrfToken: reply.generateCsrf(),
      });
      return;
    }
    void reply.status(statusCode).view('errors/error', {
      title: translate(lang, 'errors.title', { status: statusCode }),
      status: statusCode,
      message,
      details: Array.isArray(details) ? details : undefined,
      requestId: statusCode >= 500 ? request.id : undefined,
    });
  }

  /** The page around a failed form, built from the posted body by the builder the form names. */
  private async buildPage(spec: FormViewSpec, request: FastifyRequest): Promise<unknown> {
    if (!spec.page) return undefined;
    const builder = this.moduleRef.get<PageBuilder>(spec.page, { strict: false });
    return builder.build(
      contextOf(request),
      request.params as RouteParams,
      request.body as FlatForm | undefined,
    );
  }
}

function classify(exception: unknown): Classified {
  if (exception instanceof DomainError) {
    return {
      code: exception.code,
      messageKey: exception.messageKey,
      details: exception.details,
      params: exception.params,
    };
  }
  // Nest wraps the 4xx errors of Fastify plugins in an HttpException, keeping the original as cause.
  const original = (exception instanceof HttpException ? exception.cause : exception) as
    { code?: unknown } | undefined;
  if (typeof original?.code === 'string' && CSRF_PLUGIN_CODES.has(original.code)) {
    return { code: 'CSRF_FAILED', messageKey: 'errors.CSRF_FAILED' };
  }
  if (exception instanceof HttpException) {
    const code = statusToCode(exception.getStatus());
    return { code, messageKey: `errors.${code}` };
  }
  const plugin = exception as { statusCode?: unknown } | null;
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx status.
  if (
    typeof plugin?.statusCode === 'number' &&
    plugin.statusCode >= 400 &&
    plugin.statusCode < 500
  ) {
    const code = statusToCode(plugin.statusCode);
    return { code, messageKey: `errors.${code}` };
  }
  return { code: 'INTERNAL_ERROR', messageKey: 'errors.INTERNAL_ERROR' };
}

interface TranslatedProblem {
  field: string;
  code: string;
  message: string;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && 'field' in value && 'key' in value;
}

/** Field problems become `{field, code, message}` in the caller's language; other details pass as they are. */
function translateDetails(lang: Language, details: unknown): unknown {
  if (!Array.isArray(details) || !details.every(isFieldProblem)) return details;
  return details.map((p) => {
    const key = hasMessage(lang, p.key) ? p.key : 'validation.invalid';
    return {
      field: p.field,
      code: p.key.replace(/^validation\./, ''),
      message: translate(lang, key, { ...p.params, field: p.field }),
    };
  });
}

/** The path of the page a form was posted from, if it is on this site. */
function refererPath(request: FastifyRequest): string | undefined {
  try {
    const referer = new URL(request.headers.referer ?? '');
    // The path as the router sees it: the language prefix goes back on when it is used.
    return referer.host === request.host
      ? referer.pathname.replace(/^\/en(?=\/|$)/, '') || '/'
      : undefined;
  } catch {
    return undefined;
  }
}

/** What the user typed, to fill the form again; never passwords or the CSRF token. */
function keptInput(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter(([k]) => !/password|^_csrf$/i.test(k)));
}
