import { renderTestScan } from '../core/pdf/render-result';
import { localDateParts } from '../core/rules/local-time';

/**
 * Demo data for a fresh system, submitted through the API by the commune's demo one-stop officer (logged
 * in to the local Keycloak), so Operate, Tasklist and the desk page have something to show:
 *  - a birth registration of an applicant with a portal account: it waits at the components check;
 *  - one of an applicant without an account (seeded in the population simulator): it waits at
 *    "Tạo tài khoản", where the desk page creates the account with the OTP texted to the simulator.
 * The Idempotency-Keys are per day, so running the start command again adds nothing.
 */
async function main(): Promise<void> {
  const api = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
  const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:8180/realms/dossiers';
  const login = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'dossier-desk', username: 'dakla.motcua', password: 'demo' }),
  });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  if (!token) throw new Error(`the demo officer dakla.motcua could not log in to ${issuer}: HTTP ${login.status}`);
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
}

async function submit(api: string, token: string, idempotencyKey: string, people: Record<string, unknown>): Promise<void> {
  const form = new FormData();
  form.set('data', JSON.stringify({
    procedureCode: '1.001193.000.00.00.H34',
    agencyCode: 'H34.29.2',
    ...people,
  }));
  form.set('to-khai', new Blob([await renderTestScan(1, 'Tờ khai đăng ký khai sinh')], { type: 'application/pdf' }), 'to-khai.pdf');
  form.set('giay-chung-sinh', new Blob([await renderTestScan(2, 'Giấy chứng sinh')], { type: 'application/pdf' }), 'giay-chung-sinh.pdf');
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
