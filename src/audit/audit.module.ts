import { Global, Module } from '@nestjs/common';
import { AuditApiController } from './audit-api.controller';
import { AuditPageController } from './audit-page.controller';
import { AuditTrailService } from './audit-trail.service';
import { AuditService } from './audit.service';

/** Global: every feature that changes something records it through AuditService. */
@Global()
@Module({
  controllers: [AuditApiController, AuditPageController],
  providers: [AuditService, AuditTrailService],
  exports: [AuditService],
})
export class AuditModule {}
