import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { LoginPage } from './login.page';
import { LoginThrottleService } from './login-throttle.service';
import { SsoController } from '../sso/sso.controller';
import { SsoSettingsService } from '../sso/sso-settings.service';
import { SsoStatusController } from '../sso/sso-status.controller';
import { SsoStatusPage } from '../sso/sso-status.page';
import { SsoStatusService } from '../sso/sso-status.service';
import { SsoService } from '../sso/sso.service';
import { SecretBox } from '../../common/secrets/secret-box';

/**
 * Logging in and out (with a password, or through the organisation's identity provider), and the
 * two global guards that close every route unless it is opened; the organisation's sign-in as its
 * admin sees it.
 */
@Module({
  controllers: [AuthController, SsoController, SsoStatusController],
  providers: [
    AuthService,
    LoginPage,
    SsoService,
    SsoSettingsService,
    SsoStatusService,
    SecretBox,
    SsoStatusPage,
    LoginThrottleService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, SsoSettingsService],
})
export class AuthModule {}
