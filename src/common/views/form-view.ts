import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

export const FORM_VIEW = 'waarborg:formView';

export interface FormViewSpec {
  /** The template that shows the form. */
  view: string;
  /** Title key of that page. */
  titleKey: string;
}

/**
 * Marks a POST handler as the target of an HTML form: when it fails (validation or a domain
 * error), the exception filter shows this form again with the input kept and the errors beside
 * their fields, instead of an error page.
 */
export const FormView = (view: string, titleKey: string) => SetMetadata(FORM_VIEW, { view, titleKey } satisfies FormViewSpec);

declare module 'fastify' {
  interface FastifyRequest {
    formView?: FormViewSpec;
  }
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
