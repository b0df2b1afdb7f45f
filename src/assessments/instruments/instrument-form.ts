import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FlatForm } from '../../common/forms/form-body';
import { formDto } from '../../common/forms/form-body';
import { isUploadedFile, UploadedFile } from '../../common/http/uploaded-file';
import { InstrumentDto } from './instrument.dto';

/** An instrument's record as it came: its fields, validated as the DTO, and the PDF, if chosen. */
export interface InstrumentForm {
  dto: InstrumentDto;
  file: UploadedFile | null;
}

const PostedBody = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): unknown =>
    ctx.switchToHttp().getRequest<FastifyRequest>().body,
);

class InstrumentFormPipe implements PipeTransform<unknown, Promise<InstrumentForm>> {
  async transform(body: unknown): Promise<InstrumentForm> {
    const { file, ...fields } = (body ?? {}) as Record<string, unknown>;
    const upload = isUploadedFile(file) ? file : null;
    // A browser sends the file part with no name and no bytes when no file was chosen.
    const chosen = upload && !(upload.filename === '' && upload.bytes.length === 0);
    const rest = upload || file === undefined ? fields : { ...fields, file };
    return {
      dto: await formDto(InstrumentDto, rest as FlatForm, { keepBlank: ['status'] }),
      file: chosen ? upload : null,
    };
  }
}

/**
 * The body of an instrument's form: multipart with an optional PDF (the page), or urlencoded
 * without one. The fields go through the one validation pipe as the DTO; the PDF is handed on
 * beside it for the service to check.
 */
export const InstrumentFormBody = (): ParameterDecorator => PostedBody(new InstrumentFormPipe());
