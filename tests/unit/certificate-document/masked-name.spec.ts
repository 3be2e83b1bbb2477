import { isMaskedHolderName, maskHolderName } from '../../../libs/certificate-document';

describe('maskHolderName', () => {
  it('keeps the first character and hides the length of the rest', () => {
    expect(maskHolderName('张晓明')).toBe('张**');
    expect(maskHolderName('王五')).toBe('王**');
    expect(maskHolderName('欧阳娜娜')).toBe('欧**');
    expect(maskHolderName('  Zhang Wei ')).toBe('Z**');
  });

  it('keeps a rare character outside the BMP whole', () => {
    expect(maskHolderName('𠈌小明')).toBe('𠈌**');
    expect(isMaskedHolderName('𠈌**')).toBe(true);
  });

  it('refuses an empty name', () => {
    expect(() => maskHolderName('   ')).toThrow(/empty/);
  });
});

describe('isMaskedHolderName', () => {
  it('accepts only the masked form', () => {
    expect(isMaskedHolderName('张**')).toBe(true);
    expect(isMaskedHolderName('张晓明')).toBe(false);
    expect(isMaskedHolderName('张*')).toBe(false);
    expect(isMaskedHolderName('张晓**')).toBe(false);
    expect(isMaskedHolderName('***')).toBe(false);
    expect(isMaskedHolderName(' **')).toBe(false);
  });
});
