import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import { ThemeService } from './theme.service';

/**
 * `/admin/organisations/:id/theme`: the organisation's name, logo and colours. The page wears the
 * saved theme, so the admin sees it as residents will.
 */
@Injectable()
export class ThemeSettingsPage implements PageBuilder {
  constructor(private readonly themes: ThemeService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const settings = await this.themes.settings(ctx, parseId(params.id, 'id'));
    return {
      organisation: settings.organisation,
      theme: settings.ref,
      values: posted ?? settings.values,
      hasLogo: settings.theme?.hasLogo ?? false,
      action: `/admin/organisations/${settings.organisation.id}/theme`,
    };
  }
}
