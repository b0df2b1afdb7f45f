import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { requestLanguage } from '../common/http/language';
import { FormView } from '../common/views/form-view';
import { ImportService } from './import.service';
import type { ImportForm } from './import.service';
import { defaultOrganisation, IMPORT_FORM_PAGE, importResultModel } from './import.view';

/**
 * Admin page: the same import as `npm run import`, from an uploaded file. Entries go to the
 * organisation they name, created when it does not exist yet (as the CLI does); the organisation
 * field names the one for entries that name none, prefilled with the admin's own. A file that
 * cannot be imported shows the form again with the reason beside its field (see FormView).
 */
@Controller('admin/import')
@Roles(Role.Admin)
export class ImportController {
  constructor(private readonly importer: ImportService) {}

  @Get()
  form(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    return reply.view('admin/import/form', {
      titleKey: 'import.admin.title',
      page: IMPORT_FORM_PAGE,
      values: { organisation: defaultOrganisation(user) },
    });
  }

  @Post()
  @FormView('admin/import/form', 'import.admin.title')
  async run(
    @CurrentUser() user: AuthUser,
    @Body() body: ImportForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = IMPORT_FORM_PAGE;
    const { filename, report } = await this.importer.importUpload(body ?? {}, {
      user,
      address: request.ip,
    });
    return reply
      .status(200)
      .view('admin/import/result', importResultModel(requestLanguage(request), filename, report));
  }
}
