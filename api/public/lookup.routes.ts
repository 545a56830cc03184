import { Router } from 'express';
import { findProcedure } from '../../core/data/procedures';
import { findAgency } from '../../core/data/agencies';
import { notFound } from '../../core/errors';
import type { DossierStatus } from '../../core/models/dossier.model';
import { findDossier } from '../../core/repositories/dossiers';
import { receiptDateTime } from '../../core/rules/local-time';

/**
 * The public lookup a citizen reaches from the QR code of their receipt: by dossier code, the procedure,
 * the receiving agency, the status and the dates — no name, no ID number, no phone, nothing of the
 * dossier's content. GET /api/public/dossiers/:code (JSON) and GET /tra-cuu/:code (a page).
 */
export const statusVi: Record<DossierStatus, string> = {
  received: 'Đã tiếp nhận, đang giải quyết',
  'awaiting-supplement': 'Chờ bổ sung, hoàn thiện hồ sơ',
  refused: 'Không tiếp nhận / từ chối giải quyết',
  stopped: 'Đã dừng giải quyết (không bổ sung đúng hạn)',
  withdrawn: 'Đã rút hồ sơ theo yêu cầu của người nộp',
  digitized: 'Đã số hóa, đang giải quyết',
  issued: 'Đã có kết quả, chờ trả',
  'ready-for-collection': 'Đã có kết quả, mời nhận bản giấy tại Bộ phận Một cửa',
  returned: 'Đã trả kết quả',
};

const CODE = /^[0-9A-Z.]{4,20}-\d{6}-\d{4}$/;

export function publicLookupRouter(tzOffset: string): Router {
  const router = Router();
  const lookup = async (code: string) => {
    const dossier = CODE.test(code) ? await findDossier(code) : undefined;
    if (!dossier) throw notFound('hồ sơ', code);
    return {
      code: dossier.code,
      procedure: findProcedure(dossier.procedureCode)?.name ?? dossier.procedureCode,
      agency: findAgency(dossier.agencyCode)?.name ?? dossier.agencyCode,
      status: dossier.status,
      statusText: statusVi[dossier.status],
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      appointmentAt: dossier.appointmentAt ?? dossier.dueAt,
      ...(dossier.returnedAt ? { returnedAt: dossier.returnedAt } : {}),
      receivedAtText: receiptDateTime(dossier.receivedAt, tzOffset),
      dueAtText: receiptDateTime(dossier.dueAt, tzOffset),
    };
  };
  router.get('/api/public/dossiers/:code', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await lookup(req.params.code));
  });
  router.get('/tra-cuu/:code', async (req, res) => {
    const found = await lookup(req.params.code).catch(() => undefined);
    const rows = found
      ? [['Mã hồ sơ', found.code], ['Thủ tục', found.procedure], ['Cơ quan tiếp nhận', found.agency], ['Tình trạng', found.statusText],
        ['Ngày tiếp nhận', found.receivedAtText], ['Hẹn trả kết quả', found.dueAtText]]
      : [];
    res.status(found ? 200 : 404).type('html').set('Cache-Control', 'no-store').send(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ ${escapeHtml(req.params.code)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc}th{width:40%}</style></head>
<body><h1>Tra cứu tình trạng hồ sơ</h1>
${found ? `<table>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k!)}</th><td>${escapeHtml(v!)}</td></tr>`).join('')}</table>`
    : `<p>Không tìm thấy hồ sơ mã <strong>${escapeHtml(req.params.code)}</strong>. Kiểm tra lại mã trên phiếu tiếp nhận.</p>`}
</body></html>`);
  });
  return router;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
