import { cccdBirth, CCCD_PROVINCES, identityViolations, maskId, maskWarehouseCode, taxCodeCheckDigit, type IdType } from '../../core/rules/identity';

const now = new Date('2026-11-22T03:00:00Z');

describe('applicant identity', () => {
  it.each<[IdType, string]>([
    ['CCCD', '001203004567'],
    ['CCCD', '096099000001'],
    ['CCCD', '062190001234'],
    ['CMND', '215404812'],
    ['PASSPORT', 'B1234567'],
    ['PASSPORT', 'X12345678'],
    ['TAX_CODE', '0101234565'],
    ['TAX_CODE', '0101234565-001'],
    ['TAX_CODE', '0101234565001'],
    ['ORGANIZATION_ID', '000.00.14.H21'],
    ['ORGANIZATION_ID', 'H34.29.2'],
  ])('when %s %s is given, then it is accepted', (type, id) => {
    expect(identityViolations(type, id, { now })).toEqual([]);
  });

  it.each<[IdType, string, string]>([
    ['CCCD', '00120300456', 'cccd-format'],
    ['CCCD', '00120300456a', 'cccd-format'],
    ['CCCD', '000203004567', 'cccd-province'],
    ['CCCD', '097203004567', 'cccd-province'],
    ['CCCD', '003203004567', 'cccd-province'], // 003 was never a province code
    ['CCCD', '001227004567', 'cccd-birth-year'], // 2027
    ['CCCD', '001403004567', 'cccd-birth-year'], // 2103
    ['CMND', '21540481', 'cmnd-format'],
    ['PASSPORT', 'b12', 'passport-format'],
    ['PASSPORT', 'ABCDEFGH', 'passport-format'],
    ['TAX_CODE', '01012345', 'tax-code-format'],
    ['TAX_CODE', '0101234567', 'tax-code-check-digit'],
    ['TAX_CODE', '0101234565-000', 'tax-code-branch'],
    ['ORGANIZATION_ID', 'UBND Đắk La', 'organization-id-format'],
  ])('when %s %s is given, then rule %s is violated', (type, id, rule) => {
    const violations = identityViolations(type, id, { now });
    expect(violations.map((v) => v.rule)).toEqual([rule]);
    expect(violations[0]?.message).toMatch(/[\u00C0-\u1EF9]/); // staff read Vietnamese
  });

  it('when a CCCD encodes century, sex and year, then they are read as Circular 07/2016 says', () => {
    expect(cccdBirth('079190001234')).toEqual({ year: 1990, sex: 'female' });
    expect(cccdBirth('001203004567')).toEqual({ year: 2003, sex: 'male' });
    expect(cccdBirth('001303004567')).toEqual({ year: 2003, sex: 'female' });
    expect(Object.keys(CCCD_PROVINCES)).toHaveLength(63);
  });

  it('when the date of birth is given, then the CCCD must encode the same year', () => {
    expect(identityViolations('CCCD', '001203004567', { now, dateOfBirth: '2003-07-01' })).toEqual([]);
    expect(identityViolations('CCCD', '001203004567', { now, dateOfBirth: '1990-07-01' }).map((v) => v.rule)).toEqual(['cccd-birth-year-mismatch']);
  });

  it('when a tax code is checked, then its 10th digit follows the weights 31 29 23 19 17 13 7 5 3', () => {
    // 0·31 + 1·29 + 0·23 + 1·19 + 2·17 + 3·13 + 4·7 + 5·5 + 6·3 = 192; 192 mod 11 = 5; 10 − 5 = 5
    expect(taxCodeCheckDigit('010123456')).toBe(5);
  });

  it.each([
    ['001203004567', '0012******67'],
    ['B1234567', '******67'],
    ['0101234565', '********65'],
    ['0101234565-001', '0101********01'],
    ['B12', '***'],
  ])('when ID %s is shown, then it reads %s', (id, masked) => {
    expect(maskId(id)).toBe(masked);
  });

  it('when a warehouse code is shown, then its owner part is masked and the rest kept', () => {
    expect(maskWarehouseCode('001203004567.KQ.HT.KS.000001', '001203004567')).toBe('0012******67.KQ.HT.KS.000001');
    expect(maskWarehouseCode('other.KQ.000001', '001203004567')).toBe('other.KQ.000001');
  });
});
