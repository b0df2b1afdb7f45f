import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Role } from '../accounts/role';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import { canonicalJson } from '../audit/audit-hash';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { loadTemplateFile, parseTemplate, TemplateError, TEMPLATES_DIR } from './template-loader';
import type { ChecklistTemplateContent } from './template.types';

export interface InstallResult {
  template: ChecklistTemplate;
  /** False when this exact version was already installed. */
  installed: boolean;
}

const TEMPLATE_FILE = /^[a-z][a-z0-9-]*\.v\d+\.json$/;

/**
 * Installed template versions. A version, once installed, never changes: installing the same key
 * and version with different content is refused. The newest installed version of a framework is
 * the active one, used by new assessments; running assessments keep theirs.
 */
@Injectable()
export class ChecklistsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<ChecklistTemplate[]> {
    return this.dataSource.getRepository(ChecklistTemplate).find({
      order: { key: 'ASC', version: 'DESC' },
      select: {
        id: true,
        key: true,
        version: true,
        title: true,
        checksum: true,
        active: true,
        installedAt: true,
        sourceFile: true,
      },
    });
  }

  async get(id: number): Promise<ChecklistTemplate> {
    const template = await this.dataSource.getRepository(ChecklistTemplate).findOneBy({ id });
    if (!template) throw new DomainError('NOT_FOUND');
    return template;
  }

  async active(em: EntityManager = this.dataSource.manager): Promise<ChecklistTemplate> {
    const template = await em.findOne(ChecklistTemplate, {
      where: { active: true },
      order: { installedAt: 'DESC', id: 'DESC' },
    });
    if (!template) throw new DomainError('CONFLICT', 'checklist.noActiveTemplate');
    return template;
  }

  /** Template files in seeds/checklists, with whether each is installed (for the admin page). */
  async availableFiles(): Promise<{ file: string; installed: boolean; error?: string }[]> {
    const installed = await this.list();
    return readdirSync(TEMPLATES_DIR)
      .filter((f) => TEMPLATE_FILE.test(f))
      .sort()
      .map((file) => {
        try {
          const content = loadTemplateFile(join(TEMPLATES_DIR, file));
          return {
            file,
            installed: installed.some(
              (t) => t.key === content.key && t.version === content.version,
            ),
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

  /** Installs a file from seeds/checklists by name (the admin page and the seeds). */
  installFile(ctx: RequestContext, file: string): Promise<InstallResult> {
    if (!TEMPLATE_FILE.test(file)) throw new DomainError('NOT_FOUND');
    return this.installContent(ctx, loadTemplateFile(join(TEMPLATES_DIR, file)), basename(file));
  }

  /** Installs a template given as JSON text (the API); refused with the path inside it when invalid. */
  installText(ctx: RequestContext, text: string, name: string): Promise<InstallResult> {
    return this.installContent(ctx, parseTemplate(text, name), name);
  }

  /** An admin installs as admin; the operator (command line, seeds) as no user. */
  async installContent(
    ctx: RequestContext,
    content: ChecklistTemplateContent,
    sourceFile: string,
  ): Promise<InstallResult> {
    const checksum = createHash('sha256').update(canonicalJson(content)).digest('hex');
    return this.dataSource.transaction(async (em) => {
      const existing = await em.findOneBy(ChecklistTemplate, {
        key: content.key,
        version: content.version,
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
      const newest = await em.findOne(ChecklistTemplate, {
        where: { key: content.key },
        order: { version: 'DESC' },
      });
      const becomesActive = !newest || newest.version < content.version;
      if (becomesActive)
        await em.update(ChecklistTemplate, { key: content.key }, { active: false });
      const template = await em.save(
        em.create(ChecklistTemplate, {
          key: content.key,
          version: content.version,
          title: content.title.nl,
          content,
          checksum,
          active: becomesActive,
          sourceFile,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'checklist.install',
        objectType: 'checklist_template',
        objectId: template.id,
        actorRole: ctx.user ? Role.Admin : null,
        result: 'success',
        details: { key: content.key, version: content.version, checksum, active: becomesActive },
      });
      return { template, installed: true };
    });
  }
}
