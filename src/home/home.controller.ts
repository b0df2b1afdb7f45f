import { Controller, Get, Render } from '@nestjs/common';
import { Public } from '../accounts/auth/decorators';

@Controller()
@Public()
export class HomeController {
  @Get()
  @Render('home')
  home() {
    return { titleKey: 'home.title' };
  }
}
