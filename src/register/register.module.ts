import { Module } from '@nestjs/common';
import { FeedbackService } from './feedback.service';
import { RegisterApiController } from './register-api.controller';
import { RegisterCache } from './register-cache';
import { RegisterController } from './register.controller';
import { RegisterService } from './register.service';

/** The public transparency register: pages, JSON API, exports, feed and the feedback form. */
@Module({
  controllers: [RegisterApiController, RegisterController],
  providers: [RegisterService, FeedbackService, RegisterCache],
  exports: [RegisterService],
})
export class RegisterModule {}
