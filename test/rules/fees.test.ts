import { procedures } from '../../core/data/procedures';
import { feeItems, feeTotal, vnd } from '../../core/rules/fees';

const birth = procedures.find((p) => p.code === '1.001193.000.00.00.H34')!;
const publication = procedures.find((p) => p.processId === 'non-commercial-publication-licence')!;

describe('what the applicant owes', () => {
  it('when a birth is registered on time without extra copies, then nothing is owed', () => {
    expect(feeItems(birth.fee, {})).toEqual([]);
    expect(feeTotal(feeItems(birth.fee, { resultCopies: 0 }))).toBe(0);
  });
  it('when two extra copies of the extract are asked for, then 2 × 8.000 = 16.000 đồng is owed (Circular 281/2016)', () => {
    const items = feeItems(birth.fee, { resultCopies: 2 });
    expect(items).toEqual([{ name: 'Bản sao kết quả cấp thêm', quantity: 2, unitAmount: 8000, amount: 16000 }]);
    expect(feeTotal(items)).toBe(16000);
    expect(vnd(16000)).toBe('16.000 đồng');
  });
  it('when the fee is per standard page, then nothing is charged at intake: the pages are assessed at review', () => {
    expect(feeItems(publication.fee, {})).toEqual([]);
  });
  it('when a procedure charges per dossier, then that fee is one item', () => {
    expect(feeItems({ amount: 50_000 }, { resultCopies: 3 })).toEqual([{ name: 'Phí, lệ phí giải quyết thủ tục', quantity: 1, unitAmount: 50000, amount: 50000 }]);
  });
});
