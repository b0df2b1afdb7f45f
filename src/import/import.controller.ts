import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { requestLanguage } from '../common/http/language';
import type { Language } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import { ImportFileError } from './import-formats';
import { translateReason } from './import-reasons';
import { ImportReport, ImportService, ORGANISATION_NAME_MAX } from './import.service';

/** The largest file the form takes; app.factory.ts gives @fastify/multipart the same limit. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The file field as the multipart hook in app.factory.ts puts it on the body. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  /** The file was larger than IMPORT_MAX_BYTES and only its beginning was read. */
  truncated: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    Buffer.isBuffer((value as UploadedFile).bytes) &&
    typeof (value as UploadedFile).truncated === 'boolean'
  );
}

interface FormProblem {
  field: 'file' | 'organisation';
  message: string;
  status: number;
}

/**
 * Admin page: the same import as `npm run import`, from an uploaded file. Entries go to the
 * organisation they name, created when it does not exist yet (as the CLI does); the organisation
 * field names the one for entries that name none, prefilled with the admin's own. One transaction
 * per file, and one audit event `register.import` with the counts in that same transaction.
 */
@Controller('admin/import')
@Roles(Role.Admin)
export class ImportController {
  constructor(
    private readonly importer: ImportService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  form(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    return this.showForm(reply, 200, { organisation: defaultOrganisation(user) });
  }

  @Post()
  async run(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const lang = requestLanguage(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const organisation = typeof body.organisation === 'string' ? body.organisation.trim() : '';
    const values = { organisation };
    const problem = checkInput(lang, body.file, organisation);
    if (problem) return this.showForm(reply, problem.status, values, [problem]);
    const file = body.file as UploadedFile;

    let report: ImportReport;
    try {
      report = await this.importer.importBuffer(file.bytes, {
        organisation: organisation || undefined,
        beforeCommit: (em, counts) => this.record(em, user, request, file, organisation, counts),
      });
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      return this.showForm(reply, 400, values, [
        {
          field: 'file',
          status: 400,
          message: translate(lang, 'import.errors.refused', {
            reason: translateReason(lang, err.reason),
          }),
        },
      ]);
    }
    const problems = report.problems.map((p) => ({
      id: p.id,
      field: p.field,
      reason: translateReason(lang, p.reason),
      refused: p.refused,
    }));
    return reply.status(200).view('admin/import/result', {
      titleKey: 'import.result.title',
      filename: file.filename,
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
    });
  }

  private showForm(
    reply: FastifyReply,
    status: number,
    values: Record<string, string>,
    problems: FormProblem[] = [],
  ) {
    return reply.status(status).view('admin/import/form', {
      titleKey: 'import.admin.title',
      values,
      errors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
      errorList: problems.map((p) => ({ field: p.field, message: p.message })),
      maxMegabytes: IMPORT_MAX_BYTES / 1024 / 1024,
      organisationMax: ORGANISATION_NAME_MAX,
    });
  }

  private async record(
    em: EntityManager,
    user: AuthUser,
    request: FastifyRequest,
    file: UploadedFile,
    organisation: string,
    report: ImportReport,
  ): Promise<void> {
    const own = user.memberships.find(
      (m) =>
        m.role === Role.Admin && m.organisationName.toLowerCase() === organisation.toLowerCase(),
    );
    await this.audit.record(em, {
      action: 'register.import',
      objectType: 'register',
      actorUserId: user.id,
      actorRole: Role.Admin,
      organisationId: own?.organisationId ?? null,
      result: 'success',
      address: request.ip,
      details: {
        file: file.filename.slice(0, 200),
        bytes: file.bytes.length,
        format: report.format,
        organisation: organisation || null,
        total: report.total,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refused,
        organisationsCreated: report.organisationsCreated,
      },
    });
  }
}

/** The admin's own organisation, when they administer exactly one. */
function defaultOrganisation(user: AuthUser): string {
  const own = [
    ...new Set(
      user.memberships.filter((m) => m.role === Role.Admin).map((m) => m.organisationName),
    ),
  ];
  return own.length === 1 ? own[0] : '';
}

function checkInput(lang: Language, file: unknown, organisation: string): FormProblem | null {
  const problem = (field: FormProblem['field'], key: string, status = 400): FormProblem => ({
    field,
    status,
    message: translate(lang, key, {
      max: ORGANISATION_NAME_MAX,
      megabytes: IMPORT_MAX_BYTES / 1024 / 1024,
    }),
  });
  if (organisation.length > ORGANISATION_NAME_MAX)
    return problem('organisation', 'import.errors.organisationTooLong');
  if (!isUploadedFile(file) || (file.filename === '' && file.bytes.length === 0))
    return problem('file', 'import.errors.noFile');
  if (file.truncated) return problem('file', 'import.errors.tooLarge', 413);
  if (file.bytes.length === 0) return problem('file', 'import.errors.emptyFile');
  return null;
}
