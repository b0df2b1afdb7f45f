import { Injectable } from '@nestjs/common';
import type { PageBuilder } from '../common/forms/form-view';
import { ChecklistsService } from './checklists.service';

/** `/admin/checklists`: installed template versions, and the template files in seeds/checklists to install. */
@Injectable()
export class ChecklistsPage implements PageBuilder {
  constructor(private readonly checklists: ChecklistsService) {}

  async build() {
    const [templates, files] = await Promise.all([
      this.checklists.list(),
      this.checklists.availableFiles(),
    ]);
    return { templates, files };
  }
}
