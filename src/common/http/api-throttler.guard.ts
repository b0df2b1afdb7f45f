import { ExecutionContext, Injectable } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/**
 * A general ceiling on JSON API calls per address. Counted in each instance's memory: it guards
 * against floods, not guessing (logins have their own limit in the database).
 */
export const API_RATE_LIMIT = { name: 'api', ttl: 60_000, limit: 600 };

/**
 * Leaves a controller or route out of the API rate limit. `@SkipThrottle()` without arguments
 * skips only a throttler named `default`, which this app does not have.
 */
export const SkipApiRateLimit = () => SkipThrottle({ [API_RATE_LIMIT.name]: true });

@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<FastifyRequest>().url.startsWith('/api/');
  }
}
