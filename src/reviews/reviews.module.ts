import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ReviewsApiController } from './reviews.api.controller';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [AssessmentsModule],
  controllers: [ReviewsApiController],
  providers: [ReviewsService],
})
export class ReviewsModule {}
