import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '../accounts/auth/decorators';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database answers, 503 otherwise; for load balancers and monitoring. */
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.health.check();
    void reply.status(result.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return result;
  }
}
