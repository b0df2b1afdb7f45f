import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PoliciesController } from './policies.controller';
import { PoliciesPage } from './policies.page';
import { PoliciesService } from './policies.service';
import { ThemeController } from './theme.controller';
import { ThemeSettingsPage } from './theme-settings.page';
import { ThemeService } from './theme.service';

/** Organisations' own themes (settings page, served stylesheet and logo) and their policies. */
@Module({
  imports: [AuditModule],
  controllers: [ThemeController, PoliciesController],
  providers: [ThemeService, ThemeSettingsPage, PoliciesService, PoliciesPage],
  exports: [ThemeService],
})
export class OrganisationsModule {}
