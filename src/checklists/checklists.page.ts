import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Role } from '../accounts/role';
import type { PageBuilder } from '../common/forms/form-view';
import type { FlatForm } from '../common/forms/form-body';
import type { RouteParams } from '../common/forms/form-view';
import type { UserContext } from '../common/request-context';
import { ChecklistsService, TEMPLATE_UPLOAD_MAX_BYTES } from './checklists.service';
import { ChecklistAdoption } from './entities/checklist-adoption.entity';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { TemplateAdoptionService } from './template-adoption.service';

/**
 * `/admin/checklists`: for each organisation the user administers, the version it uses and the
 * versions it may adopt (the shared ones and its own), with a form to install one of its own; for
 * the operator, the shared versions with how many organisations use each, and the template files
 * in seeds/checklists to offer as shared versions.
 */
@Injectable()
export class ChecklistsPage implements PageBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checklists: ChecklistsService,
    private readonly adoption: TemplateAdoptionService,
  ) {}

  async build(ctx: UserContext, _params?: RouteParams, posted?: FlatForm) {
    const { user } = ctx;
    const administered = new Map(
      user.memberships
        .filter((m) => m.role === Role.Admin)
        .map((m) => [m.organisationId, m.organisationName]),
    );
    const adoptions = await this.adoption.adoptions([...administered.keys()]);
    const organisations = await Promise.all(
      [...administered].map(async ([id, name]) => {
        const current = adoptions.get(id);
        return {
          id,
          name,
          current: current ? versionRow(current.template, current.templateId) : null,
          versions: (await this.checklists.offeredTo(id)).map((t) =>
            versionRow(t, current?.templateId),
          ),
        };
      }),
    );
    const chosen = typeof posted?.organisationId === 'string' ? posted.organisationId : '';
    return {
      organisations,
      upload: organisations.length
        ? {
            maxKilobytes: TEMPLATE_UPLOAD_MAX_BYTES / 1024,
            options: organisations.map((o) => ({
              value: String(o.id),
              label: o.name,
              selected: String(o.id) === chosen,
            })),
          }
        : null,
      operator: user.operator ? await this.operatorSection() : null,
    };
  }

  private async operatorSection() {
    const [shared, files, adoptions] = await Promise.all([
      this.dataSource.getRepository(ChecklistTemplate).find({
        where: { organisationId: IsNull() },
        order: { key: 'ASC', version: 'DESC' },
        select: {
          id: true,
          key: true,
          version: true,
          title: true,
          checksum: true,
          installedAt: true,
          organisationId: true,
        },
      }),
      this.checklists.availableFiles(),
      this.dataSource.getRepository(ChecklistAdoption).find({ select: { templateId: true } }),
    ]);
    return {
      shared: shared.map((t) => ({
        ...versionRow(t),
        organisations: adoptions.filter((a) => a.templateId === t.id).length,
      })),
      files,
    };
  }
}

function versionRow(t: ChecklistTemplate, currentId?: number) {
  return {
    id: t.id,
    title: t.title,
    key: t.key,
    version: t.version,
    installedAt: t.installedAt,
    checksum: t.checksum,
    shared: t.organisationId === null,
    current: t.id === currentId,
  };
}
