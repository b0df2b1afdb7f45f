import { createParamDecorator, ExecutionContext, PipeTransform, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FlatForm, formDto, FormDtoOptions } from './form-body';

/** The posted form as Fastify parsed it, for the pipe below to read. */
const PostedForm = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): FlatForm | undefined =>
    ctx.switchToHttp().getRequest<FastifyRequest>().body as FlatForm | undefined,
);

class FormPipe<T extends object> implements PipeTransform<FlatForm | undefined, Promise<T>> {
  constructor(
    private readonly type: Type<T>,
    private readonly options: FormDtoOptions,
  ) {}

  transform(body: FlatForm | undefined): Promise<T> {
    return formDto(this.type, body, this.options);
  }
}

/**
 * An HTML form's body as the DTO the JSON API takes, validated by the same pipe (see formDto):
 * `@Form(SignReviewDto, { keepBlank: ['reasoning'] }) dto: SignReviewDto`. A custom parameter, so
 * the global validation pipe leaves it to formDto, which first reads the bracketed field names.
 */
export const Form = <T extends object>(
  type: Type<T>,
  options: FormDtoOptions = {},
): ParameterDecorator => PostedForm(new FormPipe(type, options));
