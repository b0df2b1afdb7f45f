import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { SignReviewDto } from './dto/sign-review.dto';
import { ReviewPage } from './review.page';
import { ReviewsService } from './reviews.service';

/**
 * The review screen: the answers per section with the rules' results, the diff with the previous
 * revision and the earlier reviews, for everyone who may see the assessment; the sign-off form
 * only for a reviewer assigned to the current revision who did not propose it (the service
 * refuses anyone else as well).
 */
@Controller('assessments/:id/review')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly reviewPage: ReviewPage,
  ) {}

  @Get()
  @Authenticated()
  async show(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Query('revision') revision: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.reviewPage.build(ctx, { ...params, revision });
    return reply.view('reviews/show', { titleKey: 'work.review.title', page });
  }

  @Post()
  @Roles(Role.Reviewer)
  @FormView({ view: 'reviews/show', titleKey: 'work.review.title', page: ReviewPage })
  async sign(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(SignReviewDto, { keepBlank: ['reasoning'] }) dto: SignReviewDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const review = await this.reviews.sign(ctx, id, dto);
    return redirectWithFlash(
      req,
      reply,
      `/assessments/${id}`,
      `work.flash.review.${review.decision}`,
    );
  }
}
