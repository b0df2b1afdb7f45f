import { slugify } from './slug';

describe('slugify', () => {
  it('drops accents, case and punctuation', () => {
    expect(slugify('Détectie van zwerfafval: camera’s & AI!')).toBe(
      'detectie-van-zwerfafval-camera-s-ai',
    );
  });

  it('cuts long names without leaving a trailing dash', () => {
    expect(slugify('aaaa bbbb', 5)).toBe('aaaa');
  });
});
