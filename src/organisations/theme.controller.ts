import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { DomainError } from '../common/errors/domain-error';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ThemeSettingsDto } from './dto/theme-settings.dto';
import { ThemeSettingsPage } from './theme-settings.page';
import { ThemeService } from './theme.service';

/**
 * A year: the addresses carry the theme's version (when it was saved), so a changed theme is a new
 * address. Any version is answered with the current theme.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** An organisation's theme: its stylesheet and logo for every page, and its admin's settings page. */
@ApiExcludeController()
@Controller()
export class ThemeController {
  constructor(
    private readonly themes: ThemeService,
    private readonly settingsPage: ThemeSettingsPage,
  ) {}

  @Get('organisations/:id/:version/theme.css')
  @Public()
  async stylesheet(@Param('id', ParseIdPipe) id: number, @Res() reply: FastifyReply) {
    const css = await this.themes.stylesheet(id);
    if (css === undefined) throw new DomainError('NOT_FOUND');
    return reply.type('text/css; charset=utf-8').header('cache-control', IMMUTABLE).send(css);
  }

  @Get('organisations/:id/:version/logo.svg')
  @Public()
  async logo(@Param('id', ParseIdPipe) id: number, @Res() reply: FastifyReply) {
    const svg = await this.themes.logo(id);
    if (svg === undefined) throw new DomainError('NOT_FOUND');
    return (
      reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', IMMUTABLE)
        // Sanitised when stored; opened on its own, it still may not run or fetch anything.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(svg)
    );
  }

  @Get('admin/organisations/:id/theme')
  @Roles(Role.Admin)
  async settings(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.settingsPage.build(ctx, params);
    return reply.view('admin/organisations/theme', { titleKey: 'admin.theme.title', page });
  }

  @Post('admin/organisations/:id/theme')
  @Roles(Role.Admin)
  @FormView({
    view: 'admin/organisations/theme',
    titleKey: 'admin.theme.title',
    page: ThemeSettingsPage,
  })
  async save(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(ThemeSettingsDto, { keepBlank: ['name'] }) dto: ThemeSettingsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.themes.save(ctx, id, dto);
    return redirectWithFlash(
      request,
      reply,
      `/admin/organisations/${id}/theme`,
      'admin.theme.saved',
    );
  }
}
