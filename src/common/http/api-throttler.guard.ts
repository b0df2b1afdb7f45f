import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/**
 * A general ceiling on JSON API calls per address. Counted in each instance's memory: it guards
 * against floods, not guessing (logins have their own limit in the database).
 */
export const API_RATE_LIMIT = { name: 'api', ttl: 60_000, limit: 600 };

@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<FastifyRequest>().url.startsWith('/api/');
  }
}
