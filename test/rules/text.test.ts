import { dateProblem, isPlausibleName, normalizeText, safeFileName, smsText, textProblem } from '../../core/rules/text';

describe('text people type', () => {
  it.each([
    ['Nguy\u1ec5n V\u0103n An', undefined],
    ['Ng\u202euy\u1ec5n', 'bidi'],
    ['Ng\u2066uy\u1ec5n', 'bidi'],
    ['Ng\u200buy\u1ec5n', 'zero-width'],
    ['Ng\ufeffuy\u1ec5n', 'zero-width'],
    ['Ng\u0007uy\u1ec5n', 'control'],
    ['<script>', 'markup'],
  ])('when %j is typed, then its problem is %s', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it('when Vietnamese comes decomposed and spaced, then it is one NFC string', () => {
    const typed = '  Nguye\u0302\u0303n   Va\u0306n  An '.normalize('NFD');
    expect(normalizeText(typed)).toBe('Nguyễn Văn An');
    expect(normalizeText(typed)).toHaveLength('Nguyễn Văn An'.length);
  });

  it.each([
    ['Nguyễn Văn An', true],
    ["H'Hen Niê", true],
    ['Nguyễn Thị Ngọc-Anh', true],
    ['Trần B.', true],
    ['Công ty TNHH Một thành viên', true],
    ['An 2', false],
    ['An  ', false],
    ['@An', false],
  ])('when a name reads %j, then plausible is %s', (name, ok) => {
    expect(isPlausibleName(name)).toBe(ok);
  });

  it.each([
    ['2003-02-28', undefined],
    ['2004-02-29', undefined],
    ['2003-02-29', 'not-a-date'],
    ['2003-13-01', 'not-a-date'],
    ['03-02-2003', 'format'],
    ['2026-11-23', 'future'],
    ['1889-12-31', 'too-old'],
  ])('when the date is %s, then its problem is %s', (iso, problem) => {
    expect(dateProblem(iso, '2026-11-22')).toBe(problem);
  });

  it.each([
    ['Tờ khai.pdf', 'Tờ khai.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\scans\\Giấy chứng sinh.pdf', 'Giấy chứng sinh.pdf'],
    ['\u202egpj.exe', 'gpj.exe'],
    ['..', 'tep-dinh-kem'],
    ['', 'tep-dinh-kem'],
  ])('when a file is named %j, then it is kept as %j', (name, kept) => {
    expect(safeFileName(name)).toBe(kept);
  });

  it.each([
    ['Hồ sơ đã được tiếp nhận', 'Ho so da duoc tiep nhan'],
    ['ĐĂNG KÝ KHAI SINH – Ủy ban', 'DANG KY KHAI SINH - Uy ban'],
    ['Nguye\u0302\u0303n “Thị” Ngọc’s…', 'Nguyen "Thi" Ngoc\'s...'],
    ['H34.29.2-261122-0001', 'H34.29.2-261122-0001'],
  ])('when an SMS says %j, then the handset shows %j', (text, shown) => {
    expect(smsText(text)).toBe(shown);
    expect(smsText(text)).toMatch(/^[\x20-\x7e]*$/);
  });
});
