import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { InboxQueryDto } from './dto/inbox-query.dto';
import type { Feedback } from './entities/feedback.entity';
import { InboxService } from './inbox.service';

/** The feedback inbox as JSON: the same messages, filters and permissions as `/feedback`. */
@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/v1/feedback')
@Roles(Role.Secretary, Role.Admin, OPERATOR)
export class FeedbackApiController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({
    summary:
      "Messages from residents about the entries of the caller's organisations (secretaries and admins; the operator reads all), newest first, 20 a page; filter by status: new, in_progress or answered",
  })
  async list(@Ctx() ctx: UserContext, @Query() query: InboxQueryDto) {
    const listing = await this.inbox.list(ctx, query);
    return {
      total: listing.total,
      page: listing.page,
      pages: listing.pages,
      pageSize: listing.pageSize,
      // The list never carries the resident's name or address: open the message for those.
      items: listing.items.map((f) => feedbackJson(f, false)),
    };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "One message with its answer; the resident's name and address only for the organisation's secretaries and admins",
  })
  async show(@Ctx() ctx: UserContext, @Param('id', ParseIdPipe) id: number) {
    const { feedback, mayAnswer } = await this.inbox.view(ctx, id);
    return feedbackJson(feedback, mayAnswer);
  }
}

function feedbackJson(f: Feedback, withContact: boolean) {
  return {
    id: f.id,
    organisation: { id: f.organisationId, name: f.organisation.name },
    entry: { publicId: f.algorithm.publicId, name: f.algorithm.name },
    createdAt: f.createdAt.toISOString(),
    status: f.state,
    message: f.message,
    ...(withContact ? { name: f.name, email: f.email } : {}),
    hasEmail: f.email !== null,
    publishConsent: f.publishConsent,
    answer: f.answer,
    answeredAt: f.answeredAt?.toISOString() ?? null,
    answerEmailed: f.answerEmailed,
    publishedAt: f.publishedAt?.toISOString() ?? null,
  };
}
