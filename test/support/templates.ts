import type { ChecklistTemplate } from '../../src/checklists/entities/checklist-template.entity';
import { ChecklistsService } from '../../src/checklists/checklists.service';
import { TemplateAdoptionService } from '../../src/checklists/template-adoption.service';
import type { ChecklistTemplateContent } from '../../src/checklists/template.types';
import { operatorContext } from '../../src/common/request-context';
import type { TestApp } from './test-app';

/**
 * Installs a template as a shared version, as the operator does, and has the given organisations
 * adopt it, as their admins would: what a test needs before anyone there can propose.
 */
export async function offerTemplate(
  t: TestApp,
  content: ChecklistTemplateContent,
  ...organisations: { id: number }[]
): Promise<ChecklistTemplate> {
  const { template } = await t.app
    .get(ChecklistsService)
    .installContent(operatorContext(), content, 'fixture', null);
  await adoptTemplate(t, template, ...organisations);
  return template;
}

export async function adoptTemplate(
  t: TestApp,
  template: { id: number },
  ...organisations: { id: number }[]
): Promise<void> {
  for (const organisation of organisations)
    await t.app.get(TemplateAdoptionService).adopt(operatorContext(), organisation.id, template.id);
}
