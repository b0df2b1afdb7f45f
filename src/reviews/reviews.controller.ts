import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { Authenticated, CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { AssessmentPagesService } from '../assessments/pages/assessment-pages.service';
import { formDto } from '../assessments/pages/form-body';
import type { FlatForm } from '../assessments/pages/form-body';
import { redirectWithFlash } from '../common/http/redirect';
import { requestLanguage } from '../common/http/language';
import { FormView } from '../common/views/form-view';
import { SignReviewDto } from './dto/sign-review.dto';
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
    private readonly pages: AssessmentPagesService,
  ) {}

  @Get()
  @Authenticated()
  async show(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query('revision') revision: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const rev = revision === undefined ? undefined : Number(revision);
    const page = await this.pages.review(user, id, requestLanguage(req), rev);
    return reply.view('reviews/show', { titleKey: 'work.review.title', page });
  }

  @Post()
  @Roles(Role.Reviewer)
  @FormView('reviews/show', 'work.review.title')
  async sign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.review(user, id, requestLanguage(req));
    const dto = await formDto(SignReviewDto, body, { keepBlank: ['reasoning'] });
    const review = await this.reviews.sign(user, id, dto, req.ip);
    return redirectWithFlash(
      req,
      reply,
      `/assessments/${id}`,
      `work.flash.review.${review.decision}`,
    );
  }
}
