// The one-stop desk page (served by the API at /desk): the logged-in officer receives a dossier.
// Login: Keycloak (keycloak-js, authorization code + PKCE, client dossier-desk); every call carries the
// officer's token. The API answers each check in Vietnamese; this page only shows the answers next to
// the fields they name.
import Keycloak from '/desk/vendor/keycloak.js';

const $ = (id) => document.getElementById(id);
const config = await (await fetch('/desk/config.json')).json();
const keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false });

/** fetch with the officer's token, refreshed when it is about to expire */
async function api(path, init = {}) {
  await keycloak.updateToken(30);
  return fetch(path, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${keycloak.token}` } });
}

const profile = keycloak.tokenParsed ?? {};
$('officer').textContent = `${profile.name ?? profile.preferred_username} — ${profile.agency ?? 'chưa gán cơ quan'}`;
$('logout').addEventListener('click', () => keycloak.logout({ redirectUri: `${location.origin}/desk/` }));

const catalog = await (await api('/api/procedures')).json();
for (const p of catalog.procedures) $('procedure').append(new Option(`${p.name} (${p.code})`, p.code));
const procedure = () => catalog.procedures.find((p) => p.code === $('procedure').value);

const classificationVi = {
  form: 'Đơn, tờ khai: chỉ quét', 'earlier-result': 'Số hóa bắt buộc (kết quả TTHC trước)', 'specialized-law': 'Số hóa bắt buộc (luật chuyên ngành)',
  'management-decision': 'Số hóa bắt buộc (quyết định quản lý)', 'on-demand': 'Số hóa theo yêu cầu (có phí)',
};
/** component code → offer id the officer viewed and chose */
let reuse = {};
let idempotencyKey = crypto.randomUUID();

function renderComponents() {
  const p = procedure();
  $('subjectFields').hidden = !p.subjectRequired;
  // extra copies of the result, where the procedure issues them (charged per copy)
  $('copiesField').hidden = !p.fee?.resultCopy;
  $('copyFee').textContent = p.fee?.resultCopy ? p.fee.resultCopy.toLocaleString('vi-VN') : '';
  reuse = {};
  $('components').replaceChildren(...p.components.map((c) => {
    const box = document.createElement('div');
    box.className = 'component';
    box.dataset.field = `files.${c.code}`;
    box.innerHTML = `<h3></h3><p class="muted"></p>
      <label>Bản quét (PDF, JPEG hoặc PNG; nhiều ảnh = nhiều trang)<input type="file" multiple accept="${c.acceptedTypes.filter((t) => ['pdf', 'jpeg', 'png'].includes(t)).map((t) => (t === 'pdf' ? 'application/pdf' : `image/${t}`)).join(',')}"></label>
      <label>Số tờ giấy nhận<input type="number" min="1" max="2000" inputmode="numeric"></label>
      <div class="offers" data-field="reuse.${c.code}"></div>`;
    box.querySelector('h3').textContent = `${c.name}${c.required ? ' *' : ''}`;
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = classificationVi[c.classification] ?? c.classification;
    box.querySelector('h3').append(badge);
    box.querySelector('p').textContent = `${c.copy === 'original' ? 'Bản chính' : 'Bản sao'} · ${c.doubleSided ? 'quét hai mặt' : 'quét một mặt'} · tối thiểu ${c.minDpi} dpi${c.condition ? ` · ${c.condition}` : ''}`;
    const [file, sheets] = box.querySelectorAll('input');
    file.id = `file-${c.code}`;
    file.dataset.code = c.code;
    sheets.id = `sheets-${c.code}`;
    return box;
  }));
}
$('procedure').addEventListener('change', renderComponents);
// by post: the receipt and the result go back to a mailing address
// the mailing address when the dossier comes by post or its paper result goes back by post
const byPost = () => $('channel').value === 'post' || $('resultDelivery').value === 'post';
$('channel').addEventListener('change', () => { $('addressField').hidden = !byPost(); });
$('resultDelivery').addEventListener('change', () => { $('addressField').hidden = !byPost(); });
renderComponents();

function clearErrors() {
  $('messages').className = '';
  $('messages').replaceChildren();
  document.querySelectorAll('.field-error').forEach((e) => e.remove());
  document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

/** The API's answer shown: a summary at the top, each violation next to the field it names. */
function showError(error) {
  const summary = document.createElement('p');
  summary.textContent = error.messageVi ?? 'Có lỗi';
  const list = document.createElement('ul');
  for (const v of error.violations ?? []) {
    const item = document.createElement('li');
    item.textContent = v.message;
    list.append(item);
    const target = document.querySelector(`[data-field="${CSS.escape(v.field)}"]`);
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      const note = document.createElement('p');
      note.className = 'field-error';
      note.textContent = v.message;
      target.after(note);
    }
  }
  $('messages').replaceChildren(summary, list);
  $('messages').focus();
}

$('lookup').addEventListener('click', async () => {
  clearErrors();
  const res = await api('/api/reuse-offers', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedureCode: $('procedure').value, idType: $('idType').value, idNumber: $('idNumber').value.trim() }) });
  const body = await res.json();
  if (!res.ok) return showError(body.error);
  let found = 0;
  for (const c of body.components) {
    const place = document.querySelector(`[data-field="reuse.${CSS.escape(c.code)}"]`);
    place.replaceChildren(...c.offers.map((o) => {
      found++;
      const row = document.createElement('div');
      row.className = 'offer';
      const view = document.createElement('button');
      view.type = 'button';
      view.className = 'secondary outline';
      view.textContent = `Xem ${o.name} (${o.code})`;
      const use = document.createElement('label');
      use.innerHTML = '<input type="checkbox" disabled> Dùng lại giấy tờ này (không quét lại)';
      const box = use.querySelector('input');
      box.id = `reuse-${c.code}`;
      view.addEventListener('click', async () => {
        const file = await api(`/api/warehouse/${o.id}/view`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ownerIdNumber: $('idNumber').value.trim() }) });
        if (!file.ok) return showError((await file.json()).error);
        window.open(URL.createObjectURL(await file.blob()), '_blank');
        box.disabled = false; // only what the officer has opened may be reused
      });
      box.addEventListener('change', () => { if (box.checked) reuse[c.code] = { documentId: o.id }; else delete reuse[c.code]; });
      row.append(view, use);
      return row;
    }));
  }
  $('messages').className = 'ok';
  $('messages').textContent = found ? `Kho dữ liệu có ${found} giấy tờ còn hiệu lực dùng lại được; xem trước khi dùng.` : 'Kho dữ liệu chưa có giấy tờ dùng lại được cho thủ tục này.';
});

$('intake').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const p = procedure();
  const pages = {};
  const form = new FormData();
  for (const c of p.components) {
    const files = $(`file-${c.code}`).files;
    for (const f of files) form.append(c.code, f, f.name);
    const sheets = Number($(`sheets-${c.code}`).value);
    if (files.length && sheets > 0) pages[c.code] = { sheets };
  }
  const value = (id) => $(id).value.trim() || undefined;
  form.set('data', JSON.stringify({
    procedureCode: p.code, agencyCode: profile.agency, channel: $('channel').value,
    applicant: { idType: $('idType').value, idNumber: value('idNumber'), fullName: value('fullName'), dateOfBirth: value('dateOfBirth'), phone: value('phone'),
      email: value('email'), ...($('zalo').checked ? { zalo: true } : {}), ...(byPost() ? { address: value('address') } : {}) },
    ...(value('resultDelivery') ? { resultDelivery: value('resultDelivery') } : {}),
    ...(p.fee?.resultCopy && Number($('resultCopies').value) > 0 ? { resultCopies: Number($('resultCopies').value) } : {}),
    ...(p.subjectRequired ? { subject: { fullName: value('subjectName'), dateOfBirth: value('subjectDateOfBirth') } } : {}),
    pages, reuse,
  }));
  $('submit').setAttribute('aria-busy', 'true');
  try {
    const res = await api('/api/dossiers', { method: 'POST', body: form, headers: { 'Idempotency-Key': idempotencyKey } });
    const body = await res.json();
    if (!res.ok) return showError(body.error);
    $('intake').hidden = true;
    $('done').hidden = false;
    $('dossierCode').textContent = body.code;
    $('dossierDue').textContent = `Hẹn trả kết quả: ${new Date(body.dueAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`;
    $('doneTitle').focus();
    afterIntake(body.code);
  } finally {
    $('submit').removeAttribute('aria-busy');
  }
});

$('receipt').addEventListener('click', async () => {
  const res = await api(`/api/dossiers/${encodeURIComponent($('dossierCode').textContent)}/receipt`);
  if (!res.ok) return showError((await res.json()).error);
  window.open(URL.createObjectURL(await res.blob()), '_blank');
});
$('again').addEventListener('click', () => {
  idempotencyKey = crypto.randomUUID();
  resetAfterIntake();
  $('doneTitle').textContent = 'Đã tiếp nhận hồ sơ';
  $('openCode').value = '';
  $('intake').reset();
  renderComponents();
  $('done').hidden = true;
  $('intake').hidden = false;
});

// ---- after intake: the portal account, then the officer's decision on the components ----------------

const code = () => $('dossierCode').textContent;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const vnTime = (iso) => new Date(iso).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
let watching = 0;
/** the process is on its way to the next step (just received or supplemented): a 409 "not at this step" is waited out */
let stepComing = false;

/** POST JSON (or a FormData) to a route of this dossier; the step may still be on its way to Tasklist: wait for it. */
async function post(path, body, { waitForStep = true } = {}) {
  // the dossier on screen when the officer clicked: opening another one meanwhile never redirects this
  const dossierCode = code();
  const mine = watching;
  const init = body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) };
  for (let attempt = 0; ; attempt++) {
    const res = await api(`/api/dossiers/${encodeURIComponent(dossierCode)}${path}`, init);
    const answer = await res.json().catch(() => ({}));
    // 409 "không ở bước …": the process has not reached that step yet (Tasklist trails the engine by a few seconds)
    if (waitForStep && stepComing && mine === watching && res.status === 409 && /không ở bước/.test(answer.error?.messageVi ?? '') && attempt < 20) {
      $('messages').className = 'ok';
      $('messages').textContent = 'Đang chờ quy trình chuyển tới bước này…';
      await sleep(1500);
      continue;
    }
    if (waitForStep) $('messages').replaceChildren();
    return { res, answer };
  }
}

async function dossierView(dossierCode = code()) {
  const res = await api(`/api/dossiers/${encodeURIComponent(dossierCode)}`);
  return res.ok ? res.json() : undefined;
}

function resetAfterIntake() {
  watching++;
  $('account').hidden = true;
  $('citizen').hidden = true;
  $('accConfirmLabel').hidden = true;
  $('accResult').textContent = '';
  $('decisionResult').textContent = '';
  $('notice').hidden = true;
  $('supplement').hidden = true;
  $('supplementResult').textContent = '';
  $('decision').hidden = false;
  $('decide').disabled = false;
  $('decisionNote').value = '';
  $('payment').hidden = true;
  $('paymentResult').textContent = '';
  $('payCash').disabled = false;
  $('handover').hidden = true;
  $('handoverResult').textContent = '';
  $('handOver').disabled = false;
  $('withdrawal').hidden = false;
  $('withdrawal').open = false;
  $('withdrawalReason').value = '';
  $('withdrawalResult').textContent = '';
  $('withdraw').disabled = false;
  document.querySelector('input[name="decision"][value="accept"]').checked = true;
}

async function afterIntake(dossierCode, { justReceived = true } = {}) {
  resetAfterIntake();
  stepComing = justReceived;
  const mine = watching;
  $('accName').value = $('fullName').value.trim();
  $('accDob').value = $('dateOfBirth').value;
  $('accPhone').value = $('phone').value.trim();
  $('accountStatus').textContent = 'Đang kiểm tra tài khoản Cổng Dịch vụ công quốc gia…';
  // the worker checks the account right after the process starts
  for (let i = 0; i < 40 && mine === watching; i++) {
    const view = await dossierView(dossierCode);
    if (mine !== watching) return;
    if (view?.portalAccount) {
      const has = view.portalAccount.exists;
      $('accountStatus').textContent = has ? 'Người nộp đã có tài khoản Cổng Dịch vụ công quốc gia.' : 'Người nộp chưa có tài khoản Cổng Dịch vụ công quốc gia.';
      $('account').hidden = has;
      return;
    }
    await sleep(1000);
  }
  if (mine === watching) $('accountStatus').textContent = `Chưa có kết quả kiểm tra tài khoản của hồ sơ ${dossierCode}; xem lại sau.`;
}

$('accCheck').addEventListener('click', async () => {
  clearErrors();
  const { res, answer } = await post('/portal-account/identity', { fullName: $('accName').value.trim(), dateOfBirth: $('accDob').value });
  if (!res.ok) return showError(answer.error);
  const c = answer.citizen;
  const rows = [['Họ và tên', c.fullName], ['Ngày sinh', c.dateOfBirth], ['Giới tính', c.sex], ['Quốc tịch', c.nationality], ['Nơi thường trú', c.placeOfResidence], ['Số định danh', c.idNumber]];
  $('citizen').replaceChildren(...rows.flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
  $('citizen').hidden = false;
  $('accConfirmLabel').hidden = false;
});

$('accSend').addEventListener('click', async () => {
  clearErrors();
  const form = new FormData();
  form.set('data', JSON.stringify({ fullName: $('accName').value.trim(), dateOfBirth: $('accDob').value, phone: $('accPhone').value.trim(), identityConfirmed: $('accConfirm').checked ? true : undefined }));
  const file = $('accScan').files[0];
  if (file) form.set('idCardScan', file, file.name);
  const { res, answer } = await post('/portal-account/registration', form);
  if (!res.ok) return showError(answer.error);
  $('accResult').textContent = `Đã gửi mã OTP tới ${answer.phone}, hiệu lực đến ${vnTime(answer.otpExpiresAt)}.`;
  $('accOtp').focus();
});

$('accResend').addEventListener('click', async () => {
  clearErrors();
  const { res, answer } = await post('/portal-account/registration/otp', {});
  if (!res.ok) return showError(answer.error);
  $('accResult').textContent = `Đã gửi lại mã OTP tới ${answer.phone}, hiệu lực đến ${vnTime(answer.otpExpiresAt)}.`;
});

$('accConfirmOtp').addEventListener('click', async () => {
  clearErrors();
  const { res, answer } = await post('/portal-account/registration/confirm', { otp: $('accOtp').value.trim() });
  if (!res.ok) return showError(answer.error);
  $('accResult').textContent = 'Đã tạo tài khoản Cổng Dịch vụ công quốc gia cho người nộp.';
  $('accountStatus').textContent = 'Người nộp đã có tài khoản Cổng Dịch vụ công quốc gia (vừa tạo).';
});

const decisionDone = {
  accept: 'Đã tiếp nhận: thành phần hồ sơ được số hóa và ký số.',
  supplement: 'Đã yêu cầu bổ sung, hoàn thiện hồ sơ; người nộp được báo qua tin nhắn.',
  refuse: 'Đã từ chối tiếp nhận; người nộp được báo qua tin nhắn.',
};

$('decide').addEventListener('click', async () => {
  clearErrors();
  const decision = document.querySelector('input[name="decision"]:checked').value;
  const dossierCode = code();
  const mine = watching;
  const note = $('decisionNote').value.trim();
  $('decide').setAttribute('aria-busy', 'true');
  try {
    const { res, answer } = await post('/intake-decision', { decision, ...(note ? { note } : {}) });
    if (!res.ok) return showError(answer.error);
    $('decide').disabled = true;
    $('decisionResult').textContent = decisionDone[decision];
    if (decision === 'accept') return;
    // the notice is made by the process a moment later, signed with this officer's key
    const kind = decision === 'refuse' ? 'refusal' : 'supplement';
    for (let i = 0; i < 40 && mine === watching; i++) {
      const view = await dossierView(dossierCode);
      if (kind === 'refusal' ? view?.refusal : view?.supplements?.length) break;
      await sleep(1000);
    }
    if (mine !== watching) return; // the officer moved on to another dossier
    $('notice').textContent = kind === 'refusal' ? 'In Phiếu từ chối tiếp nhận (Mẫu 03)' : 'In Phiếu yêu cầu bổ sung, hoàn thiện (Mẫu 02)';
    $('notice').dataset.kind = kind;
    $('notice').hidden = false;
    $('notice').focus();
  } finally {
    $('decide').removeAttribute('aria-busy');
  }
});

$('notice').addEventListener('click', async () => {
  const res = await api(`/api/dossiers/${encodeURIComponent(code())}/notices/${$('notice').dataset.kind}`);
  if (!res.ok) return showError((await res.json()).error);
  window.open(URL.createObjectURL(await res.blob()), '_blank');
});

// ---- a dossier received earlier, opened by its code: create its account, take its supplement, decide ----

$('open').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const wanted = $('openCode').value.trim().toUpperCase();
  const res = await api(`/api/dossiers/${encodeURIComponent(wanted)}`);
  const view = await res.json();
  if (!res.ok) return showError(view.error);
  $('intake').hidden = true;
  $('done').hidden = false;
  $('doneTitle').textContent = `Hồ sơ ${view.code}`;
  $('dossierCode').textContent = view.code;
  $('dossierDue').textContent = `Hẹn trả kết quả: ${new Date(view.dueAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`;
  $('fullName').value = view.applicant.fullName;
  $('dateOfBirth').value = '';
  $('phone').value = '';
  afterIntake(view.code, { justReceived: false });
  const round = view.supplements?.at(-1);
  if (view.status === 'awaiting-supplement' && round) {
    $('decision').hidden = true;
    $('supplementAsked').textContent = `Yêu cầu bổ sung lần ${round.round}: ${round.note}`;
    const p = catalog.procedures.find((x) => x.code === view.procedureCode);
    $('supplementFiles').replaceChildren(...(p?.components ?? []).map((c) => {
      const label = document.createElement('label');
      label.textContent = c.name;
      label.dataset.field = `files.${c.code}`;
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.id = `supplement-${c.code}`;
      input.dataset.code = c.code;
      label.append(input);
      return label;
    }));
    $('supplement').hidden = false;
  } else if (view.status !== 'received') {
    $('decision').hidden = true;
  }
  // ended dossiers cannot be withdrawn (the API says so too)
  $('withdrawal').hidden = view.ended;
  // a fee asked for and not paid yet: take it in cash
  if (view.payment?.state === 'requested') {
    $('paymentAsked').textContent = `Số tiền: ${view.payment.amount.toLocaleString('vi-VN')} đồng (${(view.fee?.items ?? []).map((i) => `${i.name} × ${i.quantity}`).join('; ')}). Người nộp cũng có thể thanh toán trực tuyến qua đường dẫn đã nhận.`;
    $('receiptNumber').value = '';
    $('payment').hidden = false;
  }
  // a result waiting at the desk: hand it over
  if (view.status === 'ready-for-collection') {
    $('receiverName').value = view.applicant.fullName;
    $('receiverIdNumber').value = '';
    $('receiverAuthorization').value = '';
    $('handover').hidden = false;
  }
  $('doneTitle').focus();
});

$('supplementSend').addEventListener('click', async () => {
  clearErrors();
  const form = new FormData();
  for (const input of $('supplementFiles').querySelectorAll('input[type=file]')) {
    for (const f of input.files) form.append(input.dataset.code, f, f.name);
  }
  $('supplementSend').setAttribute('aria-busy', 'true');
  try {
    const { res, answer } = await post('/supplement', form, { waitForStep: false });
    if (!res.ok) return showError(answer.error);
    $('supplementResult').textContent = `Đã nhận bổ sung; hẹn trả kết quả mới: ${new Date(answer.dueAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}. Hồ sơ trở lại bước kiểm tra thành phần.`;
    $('dossierDue').textContent = `Hẹn trả kết quả: ${new Date(answer.dueAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`;
    $('supplement').hidden = true;
    stepComing = true; // the process goes back to the components check
    $('decision').hidden = false;
  } finally {
    $('supplementSend').removeAttribute('aria-busy');
  }
});

$('payCash').addEventListener('click', async () => {
  clearErrors();
  const { res, answer } = await post('/payment', { receiptNumber: $('receiptNumber').value.trim() }, { waitForStep: false });
  if (!res.ok) return showError(answer.error);
  $('paymentResult').textContent = `Đã ghi nhận thu ${answer.payment.amount.toLocaleString('vi-VN')} đồng, biên lai ${answer.payment.receiptNumber}. Kết quả được chuyển trả.`;
  $('payCash').disabled = true;
});

$('handOver').addEventListener('click', async () => {
  clearErrors();
  const value = (id) => $(id).value.trim() || undefined;
  // the task may be a moment behind the status (Tasklist imports it): the post waits for the step
  stepComing = true;
  const { res, answer } = await post('/handover', { receiverName: value('receiverName'), receiverIdNumber: value('receiverIdNumber'), authorization: value('receiverAuthorization') });
  if (!res.ok) return showError(answer.error);
  $('handoverResult').textContent = `Đã trao kết quả hồ sơ ${answer.code} cho ${answer.handover.receiverName} (giấy tờ ${answer.handover.receiverIdMasked}).`;
  $('handOver').disabled = true;
});

$('withdraw').addEventListener('click', async () => {
  clearErrors();
  const { res, answer } = await post('/withdrawal', { reason: $('withdrawalReason').value.trim() }, { waitForStep: false });
  if (!res.ok) return showError(answer.error);
  $('withdrawalResult').textContent = `Đã ghi nhận rút hồ sơ ${answer.code}; quy trình dừng ở bước đang xử lý, người nộp được báo qua tin nhắn.`;
  $('decision').hidden = true;
  $('supplement').hidden = true;
  $('withdraw').disabled = true;
});

$('intake').hidden = false;
