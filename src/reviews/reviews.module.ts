import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ReviewPage } from './review.page';
import { ReviewsApiController } from './reviews.api.controller';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [AssessmentsModule],
  controllers: [ReviewsApiController, ReviewsController],
  providers: [ReviewsService, ReviewPage],
  exports: [ReviewsService],
})
export class ReviewsModule {}
