import { SetMetadata } from '@nestjs/common';
import type { Access } from '../role';

/**
 * Access rules. Every route is closed unless it says who may use it: @Public() for everyone,
 * @Authenticated() for any logged-in user, @Roles(...) for holders of one of those roles in any
 * organisation (and OPERATOR for the instance's operator). Which organisation's records a user may
 * touch is decided in the services.
 */
export const IS_PUBLIC = 'waarborg:public';
export const ROLES = 'waarborg:roles';
export const AUTHENTICATED = 'waarborg:authenticated';
/** Routes a user may still use while they must change their password (the password page, logout). */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'waarborg:allowedBeforePasswordChange';

export const Public = () => SetMetadata(IS_PUBLIC, true);
export const Authenticated = () => SetMetadata(AUTHENTICATED, true);
export const Roles = (...roles: Access[]) => SetMetadata(ROLES, roles);
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
