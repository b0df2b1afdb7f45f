import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../accounts/auth/decorators';
import { Ctx } from '../common/request-context';
import type { RequestContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import { RegisterQueryDto } from './dto/register-query.dto';
import { EntryPage } from './entry.page';
import { atomFeed } from './exports';
import { checkPublicId } from './public-id';
import {
  entryHref,
  OrganisationListPage,
  OrganisationPage,
  RegisterListPage,
} from './register.page';
import { RegisterService } from './register.service';

/** The public register: list, entries with their history, organisations and feed. */
@ApiExcludeController()
@Controller()
@Public()
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    private readonly listPage: RegisterListPage,
    private readonly entryPage: EntryPage,
    private readonly organisationListPage: OrganisationListPage,
    private readonly organisationPage: OrganisationPage,
  ) {}

  @Get('register')
  @Render('register/index')
  async list(@Ctx() ctx: RequestContext, @Query() query: RegisterQueryDto) {
    return { titleKey: 'register.list.title', page: await this.listPage.build(ctx, query) };
  }

  @Get('register/feed.atom')
  async feed(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const items = await this.register.recentPublications();
    const body = atomFeed(
      `${request.protocol}://${request.host}`,
      translate(ctx.lang, 'register.feed.title'),
      items,
      (n) => translate(ctx.lang, 'register.entry.version', { n }),
    );
    return reply.type('application/atom+xml; charset=utf-8').send(body);
  }

  @Get('register/:publicId')
  async permalink(
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
  ) {
    const owner = await this.register.entryOwner(checkPublicId(publicId));
    return reply.redirect(entryHref(ctx.lang, { publicId, slug: owner.slug }), 301);
  }

  @Get('register/:publicId/v/:number')
  @Render('register/show')
  async version(
    @Ctx() ctx: RequestContext,
    @Param('publicId') publicId: string,
    @Param('number') number: string,
  ) {
    const page = await this.entryPage.build(ctx, publicId, number);
    return { title: page.title, page };
  }

  @Get('register/:publicId/:slug')
  async show(
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
    @Param('slug') slug: string,
  ) {
    const page = await this.entryPage.build(ctx, publicId);
    if (slug !== page.item.slug) return reply.redirect(page.currentHref, 301);
    return reply.view('register/show', { title: page.title, page });
  }

  @Get('organisaties')
  @Render('organisations/index')
  async organisations(@Ctx() ctx: RequestContext) {
    const page = await this.organisationListPage.build(ctx);
    return { titleKey: 'register.organisations.title', page };
  }

  @Get('organisaties/:slug')
  @Render('organisations/show')
  async organisation(
    @Ctx() ctx: RequestContext,
    @Param('slug') slug: string,
    @Query() query: RegisterQueryDto,
  ) {
    const page = await this.organisationPage.build(ctx, slug, query);
    return { title: page.organisation.name, page };
  }

  @Get('toegankelijkheid')
  @Render('register/accessibility')
  accessibility() {
    return { titleKey: 'register.accessibility.title' };
  }
}
