import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
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
  sign(@Ctx() ctx: UserContext, @Param('id', ParseIdPipe) id: number, @Body() dto: SignReviewDto) {
    return this.reviews.sign(ctx, id, dto);
  }
}
