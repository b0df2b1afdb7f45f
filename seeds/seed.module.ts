import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../src/checklists/checklists.module';
import { ClassificationModule } from '../src/classification/classification.module';
import { SeedService } from './seed.service';

/** The demo data, for the first start and `npm run seed`. */
@Module({
  imports: [ChecklistsModule, ClassificationModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
