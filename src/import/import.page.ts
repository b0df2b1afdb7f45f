import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import { ORGANISATION_NAME_MAX } from '../algorithms/publicatiestandaard';
import type { PageBuilder } from '../common/forms/form-view';
import type { UserContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';
import { translateReason } from './import-reasons';
import type { ImportReport } from './import-report';
import { IMPORT_MAX_BYTES } from './import-limits';

/**
 * `/admin/import`: the form's limits and whose register it fills (the admin's organisations, or
 * any for the operator), when it is first shown and when it is shown again.
 */
@Injectable()
export class ImportFormPage implements PageBuilder {
  build({ user }: UserContext) {
    return {
      maxMegabytes: IMPORT_MAX_BYTES / 1024 / 1024,
      organisationMax: ORGANISATION_NAME_MAX,
      operator: user.operator,
      organisationHelpKey: user.operator
        ? 'import.admin.organisationHelpOperator'
        : 'import.admin.organisationHelp',
      organisations: [
        ...new Set(
          user.memberships.filter((m) => m.role === Role.Admin).map((m) => m.organisationName),
        ),
      ].join(', '),
    };
  }
}

/** The admin's own organisation, when they administer exactly one. */
export function defaultOrganisation(user: AuthUser): string {
  const own = [
    ...new Set(
      user.memberships.filter((m) => m.role === Role.Admin).map((m) => m.organisationName),
    ),
  ];
  return own.length === 1 ? own[0] : '';
}

/**
 * The result page, from the service's report: the counts, and the refused entries and left-out
 * values with their reasons in the page's language.
 */
export function importResultModel(lang: Language, filename: string, report: ImportReport) {
  const problems = report.problems.map((p) => ({
    id: p.id,
    field: p.field,
    reason: translateReason(lang, p.reason),
    refused: p.refused,
  }));
  return {
    titleKey: 'import.result.title',
    filename,
    report,
    seconds: (report.ms / 1000).toFixed(1),
    problemGroups: [
      {
        id: 'refused',
        titleKey: 'import.result.refusedTitle',
        introKey: 'import.result.refusedIntro',
        problems: problems.filter((p) => p.refused),
      },
      {
        id: 'left-out',
        titleKey: 'import.result.leftOutTitle',
        introKey: 'import.result.leftOutIntro',
        problems: problems.filter((p) => !p.refused),
      },
    ].filter((g) => g.problems.length > 0),
  };
}
