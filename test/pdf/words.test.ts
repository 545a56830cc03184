import { dateInWords, numberInWords } from '../../core/pdf/render-result';

/** Civil-status extracts write the date of birth in words too ("ghi bằng chữ"). */
describe('numbers and dates in Vietnamese words', () => {
  it.each([
    [1, 'một'], [5, 'năm'], [10, 'mười'], [11, 'mười một'], [15, 'mười lăm'], [20, 'hai mươi'], [21, 'hai mươi mốt'],
    [25, 'hai mươi lăm'], [31, 'ba mươi mốt'], [105, 'một trăm linh năm'], [110, 'một trăm mười'], [1990, 'một nghìn chín trăm chín mươi'],
    [2000, 'hai nghìn'], [2005, 'hai nghìn không trăm linh năm'], [2026, 'hai nghìn không trăm hai mươi sáu'], [2011, 'hai nghìn không trăm mười một'],
  ])('when %i is written out, then it reads "%s"', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('when a date of birth is written out, then day, month and year are in words', () => {
    expect(dateInWords('2026-11-10')).toBe('Ngày mười tháng mười một năm hai nghìn không trăm hai mươi sáu');
    expect(dateInWords('2025-01-21')).toBe('Ngày hai mươi mốt tháng một năm hai nghìn không trăm hai mươi lăm');
  });

  it('when the number is out of range, then it is refused rather than misspelt', () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
  });
});
