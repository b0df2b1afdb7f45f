import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../src/assessments/assessments.module';
import { ChecklistsModule } from '../src/checklists/checklists.module';
import { ClassificationModule } from '../src/classification/classification.module';
import { ReviewsModule } from '../src/reviews/reviews.module';
import { SeedService } from './seed.service';

/** The demo data, for the first start and `npm run seed`. */
@Module({
  imports: [ChecklistsModule, ClassificationModule, AssessmentsModule, ReviewsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
