import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../accounts/auth/decorators';
import { Ctx } from '../common/request-context';
import type { RequestContext } from '../common/request-context';
import { RegisterQueryDto } from './dto/register-query.dto';
import { EntryPage } from './entry.page';
import { NotApprovedPage, NotApprovedQueryDto } from './not-approved.page';
import { checkPublicId } from './public-id';
import { RegisterFeed } from './register-feed';
import {
  entryHref,
  OrganisationListPage,
  OrganisationPage,
  RegisterListPage,
} from './register.page';
import { RegisterService } from './register.service';
import { TermsPage } from './terms.page';

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
    private readonly feeds: RegisterFeed,
    private readonly notApprovedPage: NotApprovedPage,
    private readonly termsPage: TermsPage,
  ) {}

  @Get('register')
  @Render('register/index')
  async list(@Ctx() ctx: RequestContext, @Query() query: RegisterQueryDto) {
    return { titleKey: 'register.list.title', page: await this.listPage.build(ctx, query) };
  }

  @Get('register/niet-goedgekeurd')
  @Render('register/not-approved')
  async notApproved(@Ctx() ctx: RequestContext, @Query() query: NotApprovedQueryDto) {
    const page = await this.notApprovedPage.build(ctx, query);
    return { titleKey: 'register.notApproved.title', page };
  }

  @Get('register/feed.atom')
  async feed(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = await this.feeds.build(ctx, `${request.protocol}://${request.host}`);
    return reply.type('application/atom+xml; charset=utf-8').send(body);
  }

  @Get('organisaties/:slug/feed.atom')
  async organisationFeed(
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('slug') slug: string,
  ) {
    const body = await this.feeds.build(ctx, `${request.protocol}://${request.host}`, slug);
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

  @Get('begrippen')
  @Render('register/terms')
  terms(@Ctx() ctx: RequestContext) {
    return { titleKey: 'register.terms.title', page: this.termsPage.build(ctx) };
  }

  @Get('toegankelijkheid')
  @Render('register/accessibility')
  accessibility() {
    return { titleKey: 'register.accessibility.title' };
  }
}
