import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../accounts/auth/decorators';
import { DecisionTreesService } from './decision-trees.service';
import { EvaluatePathDto } from './dto/evaluate-path.dto';

const labels = {
  type: 'array',
  items: { type: 'string' },
  description: 'The labels gathered on the way, each once, in the order they were given',
  example: ['aanbieder', 'gebruiksverantwoordelijke', 'in gebruik', 'AI-systeem'],
};

/**
 * The AI Act decision tree as a public calculation: no login, nothing stored. It stays under the
 * general API rate limit; a path is a few hundred bytes and a replay takes microseconds.
 */
@ApiTags('ai-act')
@Controller('api/v1/ai-act')
@Public()
export class AiActApiController {
  constructor(private readonly trees: DecisionTreesService) {}

  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Replay a path of answers through an installed AI Act decision tree: the conclusion and the labels gathered, or the question that comes next',
  })
  @ApiBody({ type: EvaluatePathDto })
  @ApiOkResponse({
    description:
      'The conclusion the path reaches, or (conclusionId null) the question that comes next',
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['tree', 'conclusionId', 'labels'],
          properties: {
            tree: { type: 'string', example: 'beslishulp-ai-verordening@1.0.0' },
            conclusionId: { type: 'string', example: '14.0.2' },
            labels,
          },
        },
        {
          type: 'object',
          required: ['tree', 'conclusionId', 'nextQuestionId', 'labels'],
          properties: {
            tree: { type: 'string', example: 'beslishulp-ai-verordening@1.0.0' },
            conclusionId: { type: 'string', nullable: true, enum: [null] },
            nextQuestionId: { type: 'string', example: '2.1' },
            labels,
          },
        },
      ],
    },
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: details name the step, e.g. field answers.3.answer, "question 2.1 has 2 answers"; an unknown or out-of-order question, an answer after the conclusion, or an unknown tree',
  })
  @ApiConflictResponse({ description: 'No tree given and none is active' })
  evaluate(@Body() dto: EvaluatePathDto) {
    return this.trees.evaluate(dto.tree, dto.answers);
  }
}
