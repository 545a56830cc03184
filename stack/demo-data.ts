import { renderTestScan } from '../core/pdf/render-result';
import { localDateParts } from '../core/rules/local-time';

/**
 * Demo data for a fresh system, submitted through the API by the commune's demo one-stop officer (logged
 * in to the local Keycloak), so Operate, Tasklist and the desk page have something to show:
 *  - a birth registration of an applicant with a portal account: it waits at the components check;
 *  - one of an applicant without an account (seeded in the population simulator): it waits at
 *    "Tạo tài khoản", where the desk page creates the account with the OTP texted to the simulator;
 *  - a land-use purpose change of an organization, received by the provincial department's desk
 *    (stnmt-gialai.motcua): the inter-agency procedure, from the department to the provincial committee.
 * The Idempotency-Keys are per day, so running the start command again adds nothing.
 */
async function main(): Promise<void> {
  const api = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
  const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:8180/realms/dossiers';
  const token = await logIn(issuer, 'dakla.motcua');
  const { year, month, day } = localDateParts(new Date(), '+07:00');
  const ymd = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  await submit(api, token, `demo-${ymd}`, {
    // an applicant of the day: a birth certificate already in someone's warehouse is reused, never scanned again
    applicant: { idType: 'CCCD', idNumber: `062190${year % 10}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}0`, fullName: 'Y Bình Niê' },
    subject: { fullName: 'Y Khang Niê', dateOfBirth: `${year}-${String(month).padStart(2, '0')}-01` },
  });
  // no portal account (the population simulator knows her): the dossier waits for "Tạo tài khoản"
  await submit(api, token, `demo-account-${ymd}`, {
    applicant: { idType: 'CCCD', idNumber: '064185002000', fullName: 'Rơ Mah Hờ Nhi', dateOfBirth: '1985-09-30', phone: '0987654321' },
    subject: { fullName: 'Rơ Mah Hờ Ân', dateOfBirth: `${year}-${String(month).padStart(2, '0')}-01` },
  }).catch((err: unknown) => console.log(`demo dossier without a portal account not added: ${String(err)}`));
  // the inter-agency procedure, at the provincial department's desk
  await post(api, await logIn(issuer, 'stnmt-gialai.motcua'), `demo-land-use-${ymd}`, {
    procedureCode: '0.000000.000.00.00.H21', agencyCode: '000.00.14.H21',
    applicant: { idType: 'TAX_CODE', idNumber: '5900123451', fullName: 'Công ty TNHH Nông sản Ia Grai', phone: '0905123456' },
  }, {
    'don-xin-chuyen-muc-dich': await renderTestScan(1, 'Đơn xin phép chuyển mục đích sử dụng đất'),
    'giay-chung-nhan': await renderTestScan(2, 'Giấy chứng nhận quyền sử dụng đất', { dpi: 300 }),
  });
}

async function logIn(issuer: string, username: string): Promise<string> {
  const login = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'dossier-desk', username, password: 'demo' }),
  });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  if (!token) throw new Error(`the demo officer ${username} could not log in to ${issuer}: HTTP ${login.status}`);
  return token;
}

async function submit(api: string, token: string, idempotencyKey: string, people: Record<string, unknown>): Promise<void> {
  await post(api, token, idempotencyKey, { procedureCode: '1.001193.000.00.00.H34', agencyCode: 'H34.29.2', ...people }, {
    'to-khai': await renderTestScan(1, 'Tờ khai đăng ký khai sinh'),
    'giay-chung-sinh': await renderTestScan(2, 'Giấy chứng sinh'),
  });
}

async function post(api: string, token: string, idempotencyKey: string, data: Record<string, unknown>, files: Record<string, Buffer>): Promise<void> {
  const form = new FormData();
  form.set('data', JSON.stringify(data));
  for (const [component, pdf] of Object.entries(files)) form.set(component, new Blob([pdf], { type: 'application/pdf' }), `${component}.pdf`);
  const res = await fetch(`${api}/api/dossiers`, {
    method: 'POST',
    body: form,
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': idempotencyKey },
  });
  const body = (await res.json()) as { code?: string; error?: { message: string } };
  if (!res.ok) throw new Error(`demo dossier refused: HTTP ${res.status} ${body.error?.message ?? ''}`);
  const what = res.status === 201 ? 'submitted' : res.status === 202 ? 'saved, its process starts when the engine takes it' : 'already there';
  console.log(`demo dossier ${body.code} ${what}: ${api}/api/dossiers/${body.code}`);
}

main().catch((err: unknown) => {
  console.error(String(err));
  process.exit(1);
});
