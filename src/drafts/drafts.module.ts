import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FORM_DRAFTS } from '../common/forms/form-view';
import { DraftsController } from './drafts.controller';
import { DraftsService } from './drafts.service';

/** Forms kept across an expired session (drafts.service.ts). */
@Module({
  imports: [DiscoveryModule],
  controllers: [DraftsController],
  providers: [DraftsService, { provide: FORM_DRAFTS, useExisting: DraftsService }],
  exports: [DraftsService],
})
export class DraftsModule {}
