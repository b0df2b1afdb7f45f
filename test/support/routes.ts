import { RequestMethod } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { AUTHENTICATED, IS_PUBLIC, ROLES } from '../../src/accounts/auth/decorators';
import type { TestApp } from './test-app';

// Nest's own metadata keys (PATH_METADATA and METHOD_METADATA in @nestjs/common/constants).
const PATH = 'path';
const METHOD = 'method';

export interface RouteInfo {
  name: string;
  method: string;
  path: string;
  rule: 'public' | 'authenticated' | 'roles' | 'none';
}

/** Every route of the app, read from the controllers' metadata, with its access rule. */
export function listRoutes(t: TestApp): RouteInfo[] {
  const reflector = new Reflector();
  const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [
    ...m.controllers.values(),
  ]);
  return controllers.flatMap((wrapper) => {
    const cls = wrapper.metatype as new (...args: never[]) => object;
    const base = String(Reflect.getMetadata(PATH, cls) ?? '');
    return Object.getOwnPropertyNames(cls.prototype)
      .map((key) => (cls.prototype as Record<string, unknown>)[key])
      .filter(
        (fn): fn is (...args: unknown[]) => unknown =>
          typeof fn === 'function' && Reflect.hasMetadata(METHOD, fn),
      )
      .map((handler) => {
        const targets = [handler, cls];
        const rule = reflector.getAllAndOverride(IS_PUBLIC, targets)
          ? 'public'
          : reflector.getAllAndOverride(ROLES, targets)
            ? 'roles'
            : reflector.getAllAndOverride(AUTHENTICATED, targets)
              ? 'authenticated'
              : 'none';
        const path = `/${[base, String(Reflect.getMetadata(PATH, handler) ?? '')].filter((p) => p && p !== '/').join('/')}`;
        return {
          name: `${cls.name}.${handler.name}`,
          method: RequestMethod[Reflect.getMetadata(METHOD, handler) as number],
          path: path.replace(/\/+/g, '/'),
          rule,
        };
      });
  });
}
