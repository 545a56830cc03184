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
    applicant: { idType: $('idType').value, idNumber: value('idNumber'), fullName: value('fullName'), dateOfBirth: value('dateOfBirth'), phone: value('phone') },
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
  $('intake').reset();
  renderComponents();
  $('done').hidden = true;
  $('intake').hidden = false;
});

$('intake').hidden = false;
