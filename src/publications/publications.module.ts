import { Global, Module } from '@nestjs/common';
import { PublicationService } from './publication.service';

/** Global: the workflow publishes, the importer publishes, the register reads. */
@Global()
@Module({ providers: [PublicationService], exports: [PublicationService] })
export class PublicationsModule {}
