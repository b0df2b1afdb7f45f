import { Controller, Get, Header, HttpCode, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../accounts/auth/decorators';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import { Ctx } from '../common/request-context';
import type { RequestContext } from '../common/request-context';
import { checkPublicId } from '../register/public-id';
import { FeedbackDto } from './dto/feedback.dto';
import { FeedbackPage } from './feedback.page';
import { FeedbackService } from './feedback.service';

/** The public form under a register entry: a resident's message, and the thank-you page. */
@ApiExcludeController()
@Controller('register/:publicId/feedback')
@Public()
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly feedbackPage: FeedbackPage,
  ) {}

  @Get()
  async form(@Ctx() ctx: RequestContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.feedbackPage.build(ctx, params);
    return reply.header('cache-control', 'no-store').view('feedback/form', {
      titleKey: 'register.feedback.title',
      page,
      values: {},
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post()
  @HttpCode(303)
  @FormView({ view: 'feedback/form', titleKey: 'register.feedback.title', page: FeedbackPage })
  async send(
    @Ctx() ctx: RequestContext,
    @Param('publicId') publicId: string,
    @Form(FeedbackDto, { keepBlank: ['message'] }) dto: FeedbackDto,
    @Res() reply: FastifyReply,
  ) {
    await this.feedback.submit(ctx, checkPublicId(publicId), dto);
    return reply.redirect(localisedPath(ctx.lang, `/register/${publicId}/feedback/bedankt`), 303);
  }

  @Get('bedankt')
  @Header('cache-control', 'no-store')
  @Render('feedback/sent')
  async sent(@Ctx() ctx: RequestContext, @Param() params: RouteParams) {
    return {
      titleKey: 'register.feedback.sentTitle',
      page: await this.feedbackPage.build(ctx, params),
    };
  }
}
