import {
  dossierSequenceScope,
  formatDocumentIdentifier,
  formatDocumentNumber,
  formatDossierCode,
  formatWarehouseCode,
  formatS10,
  isS10,
  s10CheckDigit,
  DOSSIER_CODE_PATTERN,
} from '../../core/rules/codes';

describe('dossier code <agency>-<yymmdd>-<seq4>', () => {
  it.each([
    ['H34.29.2', '2023-05-20T07:35:39Z', 1, 'H34.29.2-230520-0001'],
    ['000.00.16.H45', '2022-08-23T02:00:00Z', 3, '000.00.16.H45-220823-0003'],
    // 23:30 UTC on 31 Dec is already 1 Jan in Vietnam (+07:00): the local day counts
    ['H34.29.2', '2025-12-31T23:30:00Z', 12, 'H34.29.2-260101-0012'],
  ])('when agency %s receives at %s as number %i, then the code is %s', (agency, at, seq, expected) => {
    const code = formatDossierCode(agency, new Date(at), seq, '+07:00');
    expect(code).toBe(expected);
    expect(code).toMatch(DOSSIER_CODE_PATTERN);
  });

  it.each([0, 10000, 1.5, -1])('when the daily sequence is %p, then it is refused', (seq) => {
    expect(() => formatDossierCode('H34.29.2', new Date(), seq, '+07:00')).toThrow(RangeError);
  });

  it('when two dossiers arrive on the same local day, then they share a sequence scope; the next day does not', () => {
    const a = dossierSequenceScope('H34.29.2', new Date('2026-11-22T01:00:00Z'), '+07:00');
    const b = dossierSequenceScope('H34.29.2', new Date('2026-11-22T16:59:00Z'), '+07:00');
    const c = dossierSequenceScope('H34.29.2', new Date('2026-11-22T17:00:00Z'), '+07:00');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe('document codes', () => {
  it('when a result is stored, then its warehouse code is <owner>.<type>.<seq6> (seed 001)', () => {
    expect(formatWarehouseCode('215404812', 'KQ.G01', 5)).toBe('215404812.KQ.G01.000005');
  });
  it.each([
    [5, 'QĐ-BNV', '05/QĐ-BNV'],
    [15, 'TLKS', '15/TLKS'],
    [4999, 'STNMT-VPS', '4999/STNMT-VPS'],
  ])('when number %i has symbol %s, then it reads %s (Decree 30/2020 Art. 15)', (n, symbol, expected) => {
    expect(formatDocumentNumber(n, symbol)).toBe(expected);
  });
  it('when an identifier is made, then it is <agency>-<year>-<number>.<symbol>', () => {
    expect(formatDocumentIdentifier('000.00.14.H21', 2021, 4999, 'STNMT-VPS')).toBe('000.00.14.H21-2021-4999.STNMT-VPS');
  });
});

describe('postal tracking number (UPU S10)', () => {
  // 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200; 200 mod 11 = 2; 11 − 2 = 9
  it('when the serial is 47312482, then the check digit is 9 (the standard\'s own example RR473124829GB)', () => {
    expect(s10CheckDigit('47312482')).toBe(9);
    expect(isS10('RR473124829GB')).toBe(true);
    expect(isS10('RR473124828GB')).toBe(false);
  });
  it.each([
    ['00000000', 5], // sum 0: 11 − 0 = 11, written 5
    ['00000008', 0], // 8·7 = 56; 56 mod 11 = 1; 11 − 1 = 10, written 0
    ['00000001', 4], // 7; 11 − 7 = 4
    ['12345678', 5], // 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11 − 6 = 5
  ])('when the serial is %s, then the check digit is %i', (serial, check) => {
    expect(s10CheckDigit(serial)).toBe(check);
  });
  it('when a number is formatted, then it is a valid S10 code of the Vietnamese post', () => {
    expect(formatS10('RR', 1)).toBe('RR000000014VN');
    expect(isS10(formatS10('RR', 12345678))).toBe(true);
    expect(() => s10CheckDigit('1234')).toThrow();
  });
});
