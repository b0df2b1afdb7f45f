import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { LoginThrottleService } from './login-throttle.service';

/** Logging in and out, and the two global guards that close every route unless it is opened. */
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    LoginThrottleService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
