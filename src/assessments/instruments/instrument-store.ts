import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DocumentStore } from '../conditions/evidence-store';

/** Instrument reports (PDF), under DATA_DIR/files/instruments, read back through InstrumentsService. */
@Injectable()
export class InstrumentStore extends DocumentStore {
  constructor(config: ConfigService) {
    super(config, 'instruments');
  }
}
