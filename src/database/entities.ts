import { ApiToken } from '../accounts/entities/api-token.entity';
import { LoginAttemptCounter } from '../accounts/entities/login-attempt-counter.entity';
import { Membership } from '../accounts/entities/membership.entity';
import { Session } from '../accounts/entities/session.entity';
import { User } from '../accounts/entities/user.entity';
import { ExternalIdentity } from '../accounts/sso/entities/external-identity.entity';
import { IdentityProvider } from '../accounts/sso/entities/identity-provider.entity';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { AiActAnswer } from '../assessments/entities/ai-act-answer.entity';
import { Answer } from '../assessments/entities/answer.entity';
import { Assessment } from '../assessments/entities/assessment.entity';
import { Coauthor } from '../assessments/entities/coauthor.entity';
import { ConditionReport } from '../assessments/conditions/entities/condition-report.entity';
import { Condition } from '../assessments/entities/condition.entity';
import { Instrument } from '../assessments/entities/instrument.entity';
import { RegisterSnapshot } from '../assessments/entities/register-snapshot.entity';
import { RemarkAnswer } from '../assessments/entities/remark-answer.entity';
import { AuditEvent } from '../audit/entities/audit-event.entity';
import { ChecklistAdoption } from '../checklists/entities/checklist-adoption.entity';
import { ChecklistTemplate } from '../checklists/entities/checklist-template.entity';
import { RevisionCarryOver } from '../checklists/entities/revision-carry-over.entity';
import { DecisionTree } from '../classification/entities/decision-tree.entity';
import { FormDraft } from '../drafts/entities/form-draft.entity';
import { Feedback } from '../feedback/entities/feedback.entity';
import { NotificationPreference } from '../notifications/entities/notification-preference.entity';
import { OutboxMessage } from '../notifications/entities/outbox-message.entity';
import { OrganisationPolicy } from '../organisations/entities/organisation-policy.entity';
import { OrganisationTheme } from '../organisations/entities/organisation-theme.entity';
import { Organisation } from '../organisations/entities/organisation.entity';
import { Publication } from '../publications/entities/publication.entity';
import { Review } from '../reviews/entities/review.entity';
import { ScheduledJobRun } from '../scheduler/entities/scheduled-job-run.entity';
import { ScheduledJob } from '../scheduler/entities/scheduled-job.entity';

/** Every entity, listed once for the app, the CLI and the TypeORM CLI. */
export const ENTITIES = [
  Organisation,
  OrganisationTheme,
  OrganisationPolicy,
  User,
  Membership,
  Session,
  ApiToken,
  LoginAttemptCounter,
  IdentityProvider,
  ExternalIdentity,
  Algorithm,
  ChecklistTemplate,
  ChecklistAdoption,
  DecisionTree,
  Assessment,
  Coauthor,
  Answer,
  AiActAnswer,
  Instrument,
  Review,
  Condition,
  RemarkAnswer,
  RegisterSnapshot,
  ConditionReport,
  RevisionCarryOver,
  AuditEvent,
  Feedback,
  Publication,
  ScheduledJob,
  ScheduledJobRun,
  OutboxMessage,
  NotificationPreference,
  FormDraft,
];
