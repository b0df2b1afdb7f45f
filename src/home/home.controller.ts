import { Controller, Get, Render } from '@nestjs/common';
import { Public } from '../accounts/auth/decorators';
import { Ctx } from '../common/request-context';
import type { RequestContext } from '../common/request-context';
import { HomePage } from './home.page';

@Controller()
@Public()
export class HomeController {
  constructor(private readonly homePage: HomePage) {}

  @Get()
  @Render('home')
  async home(@Ctx() ctx: RequestContext) {
    return { titleKey: 'home.title', page: await this.homePage.build(ctx) };
  }
}
