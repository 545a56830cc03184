import type { Fee } from '../data/procedures';

/**
 * What the applicant owes for a dossier, itemized as a receipt for fees prints it: the procedure's fee
 * per dossier (a fee per standard page is assessed by the department during review, not at intake) and
 * the extra copies of the result asked for at intake (civil-status extracts: 8,000 VND a copy, Circular
 * 281/2016/TT-BTC). Pure.
 */
export interface FeeItem {
  name: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export function feeItems(fee: Fee, request: { resultCopies?: number }): FeeItem[] {
  const items: FeeItem[] = [];
  if (fee.amount > 0 && (fee.per ?? 'dossier') === 'dossier') items.push({ name: 'Phí, lệ phí giải quyết thủ tục', quantity: 1, unitAmount: fee.amount, amount: fee.amount });
  const copies = request.resultCopies ?? 0;
  if (copies > 0 && fee.resultCopy) items.push({ name: 'Bản sao kết quả cấp thêm', quantity: copies, unitAmount: fee.resultCopy, amount: copies * fee.resultCopy });
  return items;
}

export const feeTotal = (items: readonly FeeItem[]): number => items.reduce((sum, i) => sum + i.amount, 0);

/** "16.000 đồng" */
export function vnd(amount: number): string {
  return `${amount.toLocaleString('vi-VN')} đồng`;
}
