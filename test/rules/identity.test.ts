import { identityViolations, maskId, maskWarehouseCode, type IdType } from '../../core/rules/identity';

describe('applicant identity', () => {
  it.each<[IdType, string]>([
    ['CCCD', '001203004567'],
    ['CCCD', '096099000001'],
    ['PASSPORT', 'B1234567'],
    ['TAX_CODE', '0101234567'],
    ['TAX_CODE', '0101234567-001'],
  ])('when %s %s is given, then it is accepted', (type, id) => {
    expect(identityViolations(type, id)).toEqual([]);
  });

  it.each<[IdType, string, string]>([
    ['CCCD', '00120300456', 'cccd-format'],
    ['CCCD', '00120300456a', 'cccd-format'],
    ['CCCD', '000203004567', 'cccd-province'],
    ['CCCD', '097203004567', 'cccd-province'],
    ['PASSPORT', 'b12', 'passport-format'],
    ['TAX_CODE', '01012345', 'tax-code-format'],
  ])('when %s %s is given, then rule %s is violated', (type, id, rule) => {
    const violations = identityViolations(type, id);
    expect(violations.map((v) => v.rule)).toEqual([rule]);
    expect(violations[0]?.message).toMatch(/[\u00C0-\u1EF9]/); // staff read Vietnamese
  });

  it.each([
    ['001203004567', '0012******67'],
    ['B1234567', '******67'],
    ['0101234567', '********67'],
    ['0101234567-001', '0101********01'],
    ['B12', '***'],
  ])('when ID %s is shown, then it reads %s', (id, masked) => {
    expect(maskId(id)).toBe(masked);
  });

  it('when a warehouse code is shown, then its owner part is masked and the rest kept', () => {
    expect(maskWarehouseCode('001203004567.KQ.HT.KS.000001', '001203004567')).toBe('0012******67.KQ.HT.KS.000001');
    expect(maskWarehouseCode('other.KQ.000001', '001203004567')).toBe('other.KQ.000001');
  });
});
