import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FlatForm } from '../../common/forms/form-body';
import { formDto } from '../../common/forms/form-body';
import { isUploadedFile, UploadedFile } from '../../common/http/uploaded-file';
import { ReportConditionDto } from './dto/condition.dto';

/** A report as it came: its fields, validated as the DTO, and the document, if one was chosen. */
export interface ReportForm {
  dto: ReportConditionDto;
  file: UploadedFile | null;
}

const PostedBody = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): unknown =>
    ctx.switchToHttp().getRequest<FastifyRequest>().body,
);

class ReportFormPipe implements PipeTransform<unknown, Promise<ReportForm>> {
  async transform(body: unknown): Promise<ReportForm> {
    const { file, ...fields } = (body ?? {}) as Record<string, unknown>;
    const upload = isUploadedFile(file) ? file : null;
    // A browser sends the file part with no name and no bytes when no file was chosen.
    const chosen = upload && !(upload.filename === '' && upload.bytes.length === 0);
    const rest = upload || file === undefined ? fields : { ...fields, file };
    return {
      dto: await formDto(ReportConditionDto, rest as FlatForm, { keepBlank: ['whatWasDone'] }),
      file: chosen ? upload : null,
    };
  }
}

/**
 * The body of a report, from the page (multipart, with an optional document) or the API (JSON, or
 * multipart to send a document): the fields go through the one validation pipe as the DTO, the
 * document is handed on beside it for the service to check.
 */
export const ReportFormBody = (): ParameterDecorator => PostedBody(new ReportFormPipe());
