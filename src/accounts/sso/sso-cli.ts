import type { INestApplicationContext } from '@nestjs/common';
import { namedArguments } from '../../common/cli-arguments';
import { operatorContext } from '../../common/request-context';
import { createValidationPipe } from '../../common/validation';
import { SsoSettingsDto } from './dto/sso-settings.dto';
import { SsoSettingsService } from './sso-settings.service';

const OPTIONS = [
  'organisation',
  'issuer',
  'client-id',
  'client-secret',
  'scopes',
  'email-claim',
  'role-claim',
  'roles',
];

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** `npm run sso:configure -- --organisation NAME --issuer URL ...`: set or replace the provider. */
export async function runSsoConfigureCommand(app: INestApplicationContext, args: string[]) {
  const named = namedArguments(args, OPTIONS);
  const dto = (await createValidationPipe().transform(
    Object.fromEntries(Object.entries(named).map(([k, v]) => [camel(k), v])),
    { type: 'body', metatype: SsoSettingsDto },
  )) as SsoSettingsDto;
  const provider = await app.get(SsoSettingsService).configure(operatorContext(), dto);
  const roles = provider.roleClaim
    ? `roles from the claim "${provider.roleClaim}"`
    : 'roles as given in Waarborg';
  console.log(
    `${provider.organisation.name} now signs in through ${provider.issuer} (${roles}). Register this redirect URI at the provider: https://<this site>/login/sso/${provider.organisation.slug}/callback`,
  );
}

/** `npm run sso:remove -- --organisation NAME`. */
export async function runSsoRemoveCommand(app: INestApplicationContext, args: string[]) {
  const { organisation } = namedArguments(args, ['organisation']);
  if (!organisation) throw new Error('Usage: --organisation NAME');
  const removed = await app.get(SsoSettingsService).remove(operatorContext(), organisation);
  console.log(
    removed
      ? `${organisation} no longer signs in through its own provider; passwords still work.`
      : `${organisation} had no provider of its own; nothing changed.`,
  );
}
