import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../accounts/auth/decorators';
import { DomainError } from '../common/errors/domain-error';
import { localisedPath, requestLanguage } from '../common/http/language';
import { FormView } from '../common/views/form-view';
import { translate } from '../i18n/i18n';
import { FeedbackDto } from './dto/feedback.dto';
import { RegisterQueryDto } from './dto/register-query.dto';
import { atomFeed } from './exports';
import { FeedbackService } from './feedback.service';
import { entryHref, entryModel, formatNumber, listModel } from './register.view';
import { RegisterService } from './register.service';

const PUBLIC_ID = /^[a-z0-9]{4,16}$/;

function checkPublicId(publicId: string): string {
  if (!PUBLIC_ID.test(publicId)) throw new DomainError('NOT_FOUND', 'register.errors.noSuchEntry');
  return publicId;
}

/** The public register: list, entries with their history, organisations, feed and feedback. */
@ApiExcludeController()
@Controller()
@Public()
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    private readonly feedback: FeedbackService,
  ) {}

  @Get('register')
  @Render('register/index')
  async list(@Req() request: FastifyRequest, @Query() query: RegisterQueryDto) {
    const lang = requestLanguage(request);
    const result = await this.register.search(query);
    return { titleKey: 'register.list.title', ...listModel(lang, '/register', query, result) };
  }

  @Get('register/feed.atom')
  async feed(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const lang = requestLanguage(request);
    const items = await this.register.recentPublications();
    const body = atomFeed(
      `${request.protocol}://${request.host}`,
      translate(lang, 'register.feed.title'),
      items,
      (n) => translate(lang, 'register.entry.version', { n }),
    );
    return reply.type('application/atom+xml; charset=utf-8').send(body);
  }

  @Get('register/:publicId')
  async permalink(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
  ) {
    const owner = await this.register.entryOwner(checkPublicId(publicId));
    return reply.redirect(entryHref(requestLanguage(request), { publicId, slug: owner.slug }), 301);
  }

  @Get('register/:publicId/v/:number')
  @Render('register/show')
  async version(
    @Req() request: FastifyRequest,
    @Param('publicId') publicId: string,
    @Param('number') number: string,
  ) {
    if (!/^\d{1,6}$/.test(number))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchVersion');
    const entry = await this.register.entry(checkPublicId(publicId), Number(number));
    return entryModel(requestLanguage(request), entry, true);
  }

  @Get('register/:publicId/feedback')
  async feedbackForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
  ) {
    const owner = await this.register.entryOwner(checkPublicId(publicId));
    return reply.header('cache-control', 'no-store').view('register/feedback', {
      titleKey: 'register.feedback.title',
      entry: {
        name: owner.name,
        href: entryHref(requestLanguage(request), { publicId, slug: owner.slug }),
      },
      action: localisedPath(requestLanguage(request), `/register/${publicId}/feedback`),
      values: {},
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('register/:publicId/feedback')
  @HttpCode(303)
  @FormView('register/feedback', 'register.feedback.title')
  async sendFeedback(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
    @Body() dto: FeedbackDto,
  ) {
    await this.feedback.submit(checkPublicId(publicId), dto, request.ip);
    return reply.redirect(
      localisedPath(requestLanguage(request), `/register/${publicId}/feedback/bedankt`),
      303,
    );
  }

  @Get('register/:publicId/feedback/bedankt')
  @Header('cache-control', 'no-store')
  @Render('register/feedback-sent')
  async feedbackSent(@Req() request: FastifyRequest, @Param('publicId') publicId: string) {
    const owner = await this.register.entryOwner(checkPublicId(publicId));
    return {
      titleKey: 'register.feedback.sentTitle',
      entry: {
        name: owner.name,
        href: entryHref(requestLanguage(request), { publicId, slug: owner.slug }),
      },
    };
  }

  @Get('register/:publicId/:slug')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('publicId') publicId: string,
    @Param('slug') slug: string,
  ) {
    const lang = requestLanguage(request);
    const entry = await this.register.entry(checkPublicId(publicId));
    if (slug !== entry.item.slug) return reply.redirect(entryHref(lang, entry.item), 301);
    return reply.view('register/show', entryModel(lang, entry, false));
  }

  @Get('organisaties')
  @Render('organisations/index')
  async organisations(@Req() request: FastifyRequest) {
    const lang = requestLanguage(request);
    const organisations = await this.register.organisations();
    return {
      titleKey: 'register.organisations.title',
      organisations: organisations.map((o) => ({
        ...o,
        countText: formatNumber(lang, o.count),
        href: localisedPath(lang, `/organisaties/${o.slug}`),
      })),
    };
  }

  @Get('organisaties/:slug')
  @Render('organisations/show')
  async organisation(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Query() query: RegisterQueryDto,
  ) {
    const lang = requestLanguage(request);
    if (!/^[a-z0-9-]{1,100}$/.test(slug))
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchOrganisation');
    const organisation = await this.register.organisation(slug);
    const result = await this.register.search({ ...query, organisation: slug });
    const path = `/organisaties/${slug}`;
    const model = listModel(lang, path, { ...query, organisation: undefined }, result);
    return {
      title: organisation.name,
      organisation,
      ...model,
      facets: model.facets.filter((f) => f.name !== 'organisation'),
      statusCounts: result.facets.status.map((s) => ({
        labelKey: `register.status.${s.value}`,
        count: formatNumber(lang, s.count),
      })),
      registerHref: localisedPath(lang, `/register?organisation=${slug}`),
    };
  }

  @Get('toegankelijkheid')
  @Render('register/accessibility')
  accessibility() {
    return { titleKey: 'register.accessibility.title' };
  }
}
