import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { RequestContext } from '../request-context';
import type { FlatForm } from './form-body';

export const FORM_VIEW = 'waarborg:formView';

/** A route's path parameters as they came (`{ id: '12', section: 'basis' }`). */
export type RouteParams = Record<string, string | undefined>;

/**
 * Builds the model of one page (`*.page.ts`, class `XxxPage`). The GET route calls it; when a post
 * to the page's form fails, the exception filter calls it again with the posted body, so the form
 * comes back on its whole page with what was chosen still chosen.
 */
export interface PageBuilder {
  build(ctx: RequestContext, params: RouteParams, posted?: FlatForm): unknown;
}

export interface FormViewSpec {
  /** The template that shows the form. */
  view: string;
  /** Title key of that page. */
  titleKey: string;
  /** The page around the form; left out when the page is the form alone (the login page). */
  page?: Type<PageBuilder>;
}

/**
 * Marks a POST handler as the target of an HTML form. When it fails with a status below 500
 * (validation, a domain error), the exception filter builds the page with `page` and shows this
 * view again with the input kept and the errors beside their fields, instead of an error page.
 * A post that succeeds never builds the page.
 */
export const FormView = (spec: FormViewSpec) => SetMetadata(FORM_VIEW, spec);

declare module 'fastify' {
  interface FastifyRequest {
    formView?: FormViewSpec;
    /** The form handler a POST is for (`Controller.method`), known before access is checked. */
    formKey?: string;
  }
}

/** The key of a handler marked @FormView, as drafts name the form they belong to. */
export function formKeyOf(controller: Type, handler: { name: string }): string {
  return `${controller.name}.${handler.name}`;
}

/**
 * Keeps what was typed into a form posted after its author's session expired (src/drafts/). The
 * exception filter asks for it by this token, so common code does not depend on the feature.
 */
export const FORM_DRAFTS = 'waarborg:formDrafts';
export interface FormDrafts {
  /** The kept draft's id, or undefined when nothing was kept. */
  keep(request: FastifyRequest): Promise<number | undefined>;
}

/** Runs before the pipes, so the form is known even when validation fails. */
@Injectable()
export class FormViewInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<FormViewSpec | undefined>(FORM_VIEW, context.getHandler());
    if (spec) context.switchToHttp().getRequest<FastifyRequest>().formView = spec;
    return next.handle();
  }
}
