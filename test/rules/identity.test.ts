import { identityViolations, maskId, type IdType } from '../../core/rules/identity';

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

  it('when an ID is shown, then only its first 4 and last 2 characters are visible', () => {
    expect(maskId('001203004567')).toBe('0012******67');
    expect(maskId('B12')).toBe('***');
  });
});
