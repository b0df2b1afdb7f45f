import { DomainError } from '../common/errors/domain-error';

const PUBLIC_ID = /^[a-z0-9]{4,16}$/;

/** A public id as it can be written; anything else is an entry that does not exist. */
export function checkPublicId(publicId: string | undefined): string {
  if (publicId === undefined || !PUBLIC_ID.test(publicId))
    throw new DomainError('NOT_FOUND', 'register.errors.noSuchEntry');
  return publicId;
}
