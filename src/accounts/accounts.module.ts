import { Module } from '@nestjs/common';
import { AccountApiController } from './account/account.api.controller';
import { AccountController } from './account/account.controller';
import { PasswordPage, TokensPage } from './account/account.page';
import { AccountService } from './account/account.service';
import { AuthModule } from './auth/auth.module';
import { UsersController } from './users/users.controller';
import { NewUserPage, UserListPage, UserPage } from './users/users.page';
import { UsersService } from './users/users.service';

@Module({
  imports: [AuthModule],
  controllers: [AccountApiController, AccountController, UsersController],
  providers: [
    AccountService,
    UsersService,
    PasswordPage,
    TokensPage,
    UserListPage,
    NewUserPage,
    UserPage,
  ],
  exports: [UsersService],
})
export class AccountsModule {}
