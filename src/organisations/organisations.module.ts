import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ThemeController } from './theme.controller';
import { ThemeSettingsPage } from './theme-settings.page';
import { ThemeService } from './theme.service';

/** Organisations' own themes: the settings page, the served stylesheet and logo. */
@Module({
  imports: [AuditModule],
  controllers: [ThemeController],
  providers: [ThemeService, ThemeSettingsPage],
  exports: [ThemeService],
})
export class OrganisationsModule {}
