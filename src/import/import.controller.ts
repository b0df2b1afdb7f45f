import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { FormView } from '../common/forms/form-view';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ImportService } from './import.service';
import type { ImportForm } from './import.service';
import { defaultOrganisation, ImportFormPage, importResultModel } from './import.page';

/**
 * Admin page: the same import as `npm run import`, from an uploaded file. Entries go to the
 * organisation they name, which must be one the admin administers (the operator imports for any,
 * and creates organisations as the CLI does); the organisation field names the one for entries
 * that name none, prefilled with the admin's own. The service
 * checks the upload itself, so a file that cannot be imported shows the form again with the
 * reason beside its field (see FormView).
 */
@Controller('admin/import')
@Roles(Role.Admin, OPERATOR)
export class ImportController {
  constructor(
    private readonly importer: ImportService,
    private readonly formPage: ImportFormPage,
  ) {}

  @Get()
  form(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    return reply.view('admin/import/form', {
      titleKey: 'import.admin.title',
      page: this.formPage.build(ctx),
      values: { organisation: defaultOrganisation(ctx.user) },
    });
  }

  /** A multipart upload, which the service reads (see ImportForm), not a form the pipe reads. */
  @Post()
  @FormView({ view: 'admin/import/form', titleKey: 'import.admin.title', page: ImportFormPage })
  async run(@Ctx() ctx: UserContext, @Body() body: ImportForm, @Res() reply: FastifyReply) {
    const { filename, report } = await this.importer.importUpload(ctx, body ?? {});
    return reply
      .status(200)
      .view('admin/import/result', importResultModel(ctx.lang, filename, report));
  }
}
