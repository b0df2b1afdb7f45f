import { newPublicId } from './public-id';

describe('newPublicId', () => {
  it('makes ids of the asked length from the unambiguous alphabet', () => {
    const id = newPublicId(12);
    expect(id).toMatch(/^[2-9a-hjkmnp-z]{12}$/);
  });

  it('does not repeat itself in a thousand draws', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newPublicId()));
    expect(ids.size).toBe(1000);
  });
});
