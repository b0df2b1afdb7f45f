import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { SignReviewDto } from './dto/sign-review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/assessments/:id/reviews')
export class ReviewsApiController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post()
  @Roles(Role.Reviewer)
  @ApiOperation({
    summary:
      'Sign off the current revision as an assigned reviewer: approve, approve_with_conditions, request_changes or reject, with reasoning',
  })
  sign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: SignReviewDto,
    @Req() req: FastifyRequest,
  ) {
    return this.reviews.sign(user, id, dto, req.ip);
  }
}
