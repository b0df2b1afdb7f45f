import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { HomeController } from './home.controller';
import { HomePage } from './home.page';

@Module({ imports: [RegisterModule], controllers: [HomeController], providers: [HomePage] })
export class HomeModule {}
