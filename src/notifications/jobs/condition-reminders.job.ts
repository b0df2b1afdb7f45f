import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { membersWithRole } from '../../accounts/members';
import { Role } from '../../accounts/role';
import { q } from '../../database/sql';
import { DailyJob, DailyJobRun, JobCounts, RunsDaily } from '../../scheduler/daily-job';
import { NotificationsService } from '../notifications.service';

/** How long before its due date a condition's reminder goes out. */
export const CONDITION_REMINDER_DAYS = 14;

interface DueCondition {
  id: number;
  assessment_id: number;
  description: string;
  due_date: string;
  proposer_id: number | null;
  organisation_id: number;
}

/**
 * Reminds the proposer and the organisation's secretaries of a condition not yet verified: once
 * when it is due within 14 days, once when it is overdue. The event keys carry the due date, so a
 * condition whose date moves is reminded again, and a day the job missed is made up the next.
 */
@Injectable()
@RunsDaily('condition-reminders')
export class ConditionRemindersJob implements DailyJob {
  constructor(
    private readonly ds: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async run({ day }: DailyJobRun): Promise<JobCounts> {
    const soon = addDays(day, CONDITION_REMINDER_DAYS);
    const open = await q<DueCondition>(
      this.ds,
      `SELECT c.id, c.assessment_id, c.description, c.due_date, a.proposer_id, al.organisation_id
         FROM conditions c
         JOIN assessments a ON a.id = c.assessment_id
         JOIN algorithms al ON al.id = a.algorithm_id
        WHERE c.state <> 'verified' AND c.due_date <= ?
        ORDER BY c.due_date, c.id`,
      [soon],
    );
    const counts = { due: 0, overdue: 0 };
    for (const condition of open) {
      const overdue = condition.due_date < day;
      const kind = overdue ? 'condition_overdue' : 'condition_due';
      await this.ds.transaction(async (em) => {
        const secretaries = await membersWithRole(em, condition.organisation_id, Role.Secretary);
        const added = await this.notifications.notify(em, {
          kind,
          eventKey: `${kind}:${condition.id}:${condition.due_date}`,
          userIds: [condition.proposer_id, ...secretaries].filter(
            (id): id is number => id !== null,
          ),
          organisationId: condition.organisation_id,
          params: {
            description: condition.description.slice(0, 120),
            dueDate: condition.due_date,
          },
          path: `/conditions/${condition.id}`,
        });
        if (added) counts[overdue ? 'overdue' : 'due']++;
      });
    }
    return counts;
  }
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
