import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../accounts/auth/decorators';
import { AuditHead, AuditTrailService } from './audit-trail.service';

@Controller('api/v1/audit')
export class AuditApiController {
  constructor(private readonly trail: AuditTrailService) {}

  /**
   * The newest event's number and hash. Public so that anyone can keep copies over time: a later
   * trail that no longer contains a copied head has been rewritten.
   */
  @Public()
  @Get('head')
  @Header('cache-control', 'no-store')
  head(): Promise<AuditHead> {
    return this.trail.head();
  }
}
