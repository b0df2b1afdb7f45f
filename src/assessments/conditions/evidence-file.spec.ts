import { evidenceDownloadName, evidenceType } from './evidence-file';

describe('evidence documents', () => {
  it('are recognised by their first bytes, whatever they are called', () => {
    expect(evidenceType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(evidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(evidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
  });

  it('refuse anything else: an executable, HTML, a document that only mentions %PDF later, nothing', () => {
    expect(evidenceType(Buffer.from('MZ\x90\x00\x03'))).toBeNull();
    expect(evidenceType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(evidenceType(Buffer.from(' %PDF-1.7'))).toBeNull();
    expect(evidenceType(Buffer.from('%PDF'))).toBeNull();
    expect(evidenceType(Buffer.alloc(0))).toBeNull();
  });

  it('download under a name made of ids and the type only', () => {
    expect(evidenceDownloadName(12, 3, 'application/pdf')).toBe('voorwaarde-12-bewijs-3.pdf');
    expect(evidenceDownloadName(12, 4, 'image/jpeg')).toBe('voorwaarde-12-bewijs-4.jpg');
  });
});
