import { Module } from '@nestjs/common';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';

/** The register import for admins in the browser; the CLI builds ImportService itself. */
@Module({ controllers: [ImportController], providers: [ImportService] })
export class ImportModule {}
