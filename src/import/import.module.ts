import { Module } from '@nestjs/common';
import { ImportController } from './import.controller';
import { ImportFormPage } from './import.page';
import { ImportAudit } from './import-audit';
import { ImportService } from './import.service';

/** The register import: the admin page here, `npm run import` through the CLI's module. */
@Module({
  controllers: [ImportController],
  providers: [ImportService, ImportAudit, ImportFormPage],
  exports: [ImportService],
})
export class ImportModule {}
