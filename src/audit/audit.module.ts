import { Global, Module } from '@nestjs/common';
import { AuditApiController } from './audit.api.controller';
import { AuditController } from './audit.controller';
import { AuditPage } from './audit.page';
import { AuditTrailService } from './audit-trail.service';
import { AuditService } from './audit.service';

/**
 * Global: every feature that changes something records it through AuditService; the
 * assessment's trail page (provided by AssessmentsModule) reads with AuditTrailService.
 */
@Global()
@Module({
  controllers: [AuditApiController, AuditController],
  providers: [AuditService, AuditTrailService, AuditPage],
  exports: [AuditService, AuditTrailService],
})
export class AuditModule {}
