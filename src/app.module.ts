import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from './config/app-config';
import { coreImports } from './core-imports';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/validation';
import { AccountsModule } from './accounts/accounts.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuditModule } from './audit/audit.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { ClassificationModule } from './classification/classification.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ApiThrottlerGuard, API_RATE_LIMIT } from './common/http/api-throttler.guard';
import { FormViewInterceptor } from './common/forms/form-view';
import { DashboardModule } from './dashboard/dashboard.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { PublicationsModule } from './publications/publications.module';
import { DraftsModule } from './drafts/drafts.module';
import { HomeModule } from './home/home.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ImportModule } from './import/import.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RegisterModule } from './register/register.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SeedModule } from '../seeds/seed.module';

@Module({})
export class AppModule {
  /** The configuration is resolved (and validated) before the module is built; see main.ts. */
  static forRoot(config: AppConfig, extraImports: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(config, { migrationsRun: true }),
        ThrottlerModule.forRoot([API_RATE_LIMIT]),
        AuditModule,
        PublicationsModule,
        AccountsModule,
        ChecklistsModule,
        ClassificationModule,
        AssessmentsModule,
        ReviewsModule,
        DashboardModule,
        HealthModule,
        HomeModule,
        NotificationsModule,
        DraftsModule,
        OrganisationsModule,
        RegisterModule,
        FeedbackModule,
        ImportModule,
        SchedulerModule,
        SeedModule,
        ...extraImports,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: FormViewInterceptor },
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
      ],
    };
  }
}
