import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { FindOptionsWhere } from 'typeorm';
import { actsAsOperator, administers, organisationsWithRole } from '../accounts/auth/auth-user';
import { OPERATOR, Role } from '../accounts/role';
import { recordingRefusals } from '../audit/audit-refusal';
import { AuditService } from '../audit/audit.service';
import { canonicalJson } from '../audit/audit-hash';
import { DomainError, fieldError } from '../common/errors/domain-error';
import { isUploadedFile } from '../common/http/uploaded-file';
import type { RequestContext, UserContext } from '../common/request-context';
import { Organisation } from '../organisations/entities/organisation.entity';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { loadTemplateFile, parseTemplate, TemplateError, TEMPLATES_DIR } from './template-loader';
import type { ChecklistTemplateContent } from './template.types';

export interface InstallResult {
  template: ChecklistTemplate;
  /** False when this exact version was already installed. */
  installed: boolean;
}

/** What the admin page's upload form sends: the organisation and the template file, as they came. */
export interface TemplateUploadForm {
  organisationId?: unknown;
  file?: unknown;
}

/** A template file is tens of kilobytes; app.factory.ts gives the upload route this limit. */
export const TEMPLATE_UPLOAD_MAX_BYTES = 1024 * 1024;

const TEMPLATE_FILE = /^[a-z][a-z0-9-]*\.v\d+\.json$/;

/** The columns lists show: everything but the content. */
const SUMMARY = {
  id: true,
  key: true,
  version: true,
  title: true,
  checksum: true,
  organisationId: true,
  installedAt: true,
  sourceFile: true,
} as const;

/**
 * Installed template versions. A version, once installed, never changes: installing the same key
 * and version with different content is refused. A version is shared (installed by the operator,
 * for any organisation to adopt) or an organisation's own (installed by one of its admins, seen
 * and adopted by that organisation alone); which version an organisation uses is its adoption
 * (TemplateAdoptionService), so installing changes nothing for anyone by itself.
 */
@Injectable()
export class ChecklistsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The versions a caller may see: the shared ones and their organisations' own; the operator all. */
  list(ctx: RequestContext): Promise<ChecklistTemplate[]> {
    return this.dataSource.getRepository(ChecklistTemplate).find({
      where: visibleTo(ctx),
      order: { key: 'ASC', version: 'DESC', id: 'ASC' },
      select: SUMMARY,
    });
  }

  /** The versions an organisation may adopt: the shared ones and its own. */
  offeredTo(organisationId: number): Promise<ChecklistTemplate[]> {
    return this.dataSource.getRepository(ChecklistTemplate).find({
      where: [{ organisationId: IsNull() }, { organisationId }],
      order: { key: 'ASC', version: 'DESC', id: 'ASC' },
      select: SUMMARY,
    });
  }

  /** One version, if the caller may see it; another organisation's own is "not found". */
  async get(ctx: RequestContext, id: number): Promise<ChecklistTemplate> {
    const template = await this.dataSource
      .getRepository(ChecklistTemplate)
      .findOneBy(visibleTo(ctx).map((where) => ({ ...where, id })));
    if (!template) throw new DomainError('NOT_FOUND');
    return template;
  }

  /** Template files in seeds/checklists, with whether each is installed as a shared version (the operator's page). */
  async availableFiles(): Promise<{ file: string; installed: boolean; error?: string }[]> {
    const shared = await this.dataSource
      .getRepository(ChecklistTemplate)
      .find({ where: { organisationId: IsNull() }, select: { key: true, version: true } });
    return readdirSync(TEMPLATES_DIR)
      .filter((f) => TEMPLATE_FILE.test(f))
      .sort()
      .map((file) => {
        try {
          const content = loadTemplateFile(join(TEMPLATES_DIR, file));
          return {
            file,
            installed: shared.some((t) => t.key === content.key && t.version === content.version),
          };
        } catch (err) {
          return {
            file,
            installed: false,
            error: err instanceof TemplateError ? err.message : String(err),
          };
        }
      });
  }

  /** Installs a file from seeds/checklists by name as a shared version (the operator's page and the seeds). */
  installFile(ctx: RequestContext, file: string): Promise<InstallResult> {
    if (!TEMPLATE_FILE.test(file)) throw new DomainError('NOT_FOUND');
    return this.installContent(
      ctx,
      loadTemplateFile(join(TEMPLATES_DIR, file)),
      basename(file),
      null,
    );
  }

  /**
   * Installs a template given as JSON text (the API), shared or as an organisation's own; refused
   * with the path inside it when invalid.
   */
  installText(
    ctx: RequestContext,
    text: string,
    name: string,
    organisationId: number | null,
  ): Promise<InstallResult> {
    return this.guarded(ctx, organisationId, name, () =>
      this.install(ctx, parseTemplate(text, name), name, organisationId),
    );
  }

  /**
   * The admin page's upload: a template file installed as the named organisation's own. No file,
   * an empty or too large one, or one that is not a valid template is refused beside the file field.
   */
  installUpload(ctx: UserContext, form: TemplateUploadForm): Promise<InstallResult> {
    const organisationId = Number(form.organisationId);
    if (!Number.isSafeInteger(organisationId) || organisationId < 1)
      throw fieldError('organisationId', 'validation.isNotEmpty');
    const { file } = form;
    return this.guarded(ctx, organisationId, isUploadedFile(file) ? file.filename : null, () => {
      if (!isUploadedFile(file) || file.bytes.length === 0)
        throw fieldError('file', 'checklist.upload.noFile');
      if (file.truncated)
        throw fieldError('file', 'checklist.upload.tooLarge', {
          kilobytes: TEMPLATE_UPLOAD_MAX_BYTES / 1024,
        });
      const name = basename(file.filename).slice(0, 200) || 'upload';
      let content: ChecklistTemplateContent;
      try {
        content = parseTemplate(file.bytes.toString('utf8'), name);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        throw fieldError('file', 'checklist.upload.invalid', {
          problem: `${err.path || '/'}: ${err.problem}`,
        });
      }
      return this.install(ctx, content, name, organisationId);
    });
  }

  /** The operator (command line, seeds) installs a checked template as a shared version, or as an organisation's own. */
  installContent(
    ctx: RequestContext,
    content: ChecklistTemplateContent,
    sourceFile: string,
    organisationId: number | null,
  ): Promise<InstallResult> {
    return this.guarded(ctx, organisationId, sourceFile, () =>
      this.install(ctx, content, sourceFile, organisationId),
    );
  }

  /**
   * Who may install where, checked before anything is read or written; a refusal is audited. A
   * refusal about another organisation goes to no organisation's trail: the operator's to read.
   */
  private guarded<T>(
    ctx: RequestContext,
    organisationId: number | null,
    sourceFile: string | null,
    step: () => Promise<T>,
  ): Promise<T> {
    const own = organisationId !== null && administers(ctx, organisationId);
    return recordingRefusals(
      this.dataSource,
      this.audit,
      ctx,
      {
        action: 'checklist.install',
        objectType: 'checklist_template',
        actorRole: installerRole(ctx),
        organisationId: own ? organisationId : null,
        details: { organisationId, sourceFile },
      },
      async () => {
        if (organisationId === null && !actsAsOperator(ctx))
          throw new DomainError('OPERATOR_ONLY', 'checklist.refused.sharedByOperator');
        if (organisationId !== null && !own)
          throw new DomainError('NOT_ORGANISATION_ADMIN', 'checklist.refused.notYourOrganisation');
        return step();
      },
    );
  }

  private async install(
    ctx: RequestContext,
    content: ChecklistTemplateContent,
    sourceFile: string,
    organisationId: number | null,
  ): Promise<InstallResult> {
    const checksum = createHash('sha256').update(canonicalJson(content)).digest('hex');
    return this.dataSource.transaction(async (em) => {
      if (organisationId !== null && !(await em.existsBy(Organisation, { id: organisationId })))
        throw new DomainError('NOT_FOUND');
      const existing = await em.findOneBy(ChecklistTemplate, {
        key: content.key,
        version: content.version,
        organisationId: organisationId ?? IsNull(),
      });
      if (existing) {
        if (existing.checksum !== checksum) {
          throw new DomainError('CONFLICT', 'checklist.versionChanged', undefined, {
            key: content.key,
            version: content.version,
          });
        }
        return { template: existing, installed: false };
      }
      const template = await em.save(
        em.create(ChecklistTemplate, {
          key: content.key,
          version: content.version,
          title: content.title.nl,
          content,
          checksum,
          organisationId,
          sourceFile,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'checklist.install',
        objectType: 'checklist_template',
        objectId: template.id,
        actorRole: installerRole(ctx),
        organisationId,
        result: 'success',
        details: {
          key: content.key,
          version: content.version,
          checksum,
          shared: organisationId === null,
        },
      });
      return { template, installed: true };
    });
  }
}

/** Which versions a caller may see, as a find condition. */
function visibleTo(ctx: RequestContext): FindOptionsWhere<ChecklistTemplate>[] {
  if (actsAsOperator(ctx)) return [{}];
  const organisationIds = organisationsWithRole(ctx.user!, ...Object.values(Role));
  return [{ organisationId: IsNull() }, { organisationId: In(organisationIds) }];
}

/** The role an install or its refusal is recorded under. */
export function installerRole(ctx: RequestContext): string | null {
  if (!ctx.user) return null;
  return ctx.user.operator ? OPERATOR : Role.Admin;
}
