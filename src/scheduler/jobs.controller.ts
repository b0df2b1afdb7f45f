import { Controller, Get, Header, Render } from '@nestjs/common';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { hasMessage } from '../i18n/i18n';
import { SchedulerService } from './scheduler.service';

/**
 * The daily jobs and how each last ran. Read-only and the same for admins of every organisation:
 * the jobs belong to the instance, not to one organisation, and the page shows counts and a
 * message key's text, never data of an organisation or an error's internals.
 */
@Controller('admin/jobs')
@Roles(Role.Admin)
export class JobsController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Get()
  @Header('cache-control', 'no-store')
  @Render('admin/jobs/index')
  async index() {
    const statuses = await this.scheduler.statuses();
    return {
      titleKey: 'jobs.title',
      dailyAt: this.scheduler.dailyAt,
      enabled: this.scheduler.enabled,
      jobs: statuses.map(({ name, lastRun }) => ({
        name,
        titleKey: messageKey(`jobs.job.${name}.title`),
        lastRun,
        counts: Object.entries(lastRun?.counts ?? {}).map(([count, value]) => ({
          count,
          labelKey: messageKey(`jobs.job.${name}.counts.${count}`),
          value,
        })),
      })),
    };
  }
}

/** A job that only another instance knows has its texts in that instance's messages: show the name. */
function messageKey(key: string): string | null {
  return hasMessage('nl', key) ? key : null;
}
