import {
  CATALOG_VERSION,
  DEFAULT_MAX_BYTES,
  MAX_BYTES_CEILING,
  MIN_DPI,
  digitizationOf,
  findComponent,
  findProcedure,
  procedures,
  type ComponentClassification,
  type ProcedureSpec,
} from '../../core/data/procedures';
import { intakeViolations, resultDeliveryOf } from '../../core/rules/intake';

/** National procedure database code: 1.001193.000.00.00.H34 (seed 004), 1.000047.000.00.00.H08 (seed 001). */
const CODE_PATTERN = /^\d\.\d{6}\.000\.00\.00\.[A-Z]\d{2}$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MB = 1024 * 1024;

function procedure(processId: string): ProcedureSpec {
  const found = procedures.find((p) => p.processId === processId);
  if (!found) throw new Error(`no procedure runs process ${processId}`);
  return found;
}

describe('procedure catalog', () => {
  it('when the catalog is loaded, then it carries a year.month version', () => {
    expect(CATALOG_VERSION).toMatch(/^\d{4}\.(0[1-9]|1[0-2])$/);
  });

  it('when the seeds name a procedure, then the catalog has it', () => {
    expect(procedures.map((p) => p.processId).sort()).toEqual(
      expect.arrayContaining([
        'birth-registration',
        'marriage-registration',
        'death-registration',
        'non-commercial-publication-licence',
        'forest-animal-exploitation-plan',
        'land-use-purpose-change',
      ]),
    );
  });

  it('when procedures are listed, then every code and every process id is unique', () => {
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);
    expect(new Set(procedures.map((p) => p.processId)).size).toBe(procedures.length);
  });

  it.each(procedures.map((p) => [p.code, p] as const))('when %s is read, then its code has the national database structure', (_code, p) => {
    expect(p.code).toMatch(CODE_PATTERN);
    // the one exception to a real code is the provisional all-zero one, and it says so
    expect(p.code.startsWith('0.000000.')).toBe(p.codeSource === 'provisional');
  });

  it.each(procedures.map((p) => [p.processId, p] as const))('when %s is read, then its descriptive fields are filled', (_id, p) => {
    expect(p.processId).toMatch(KEBAB);
    expect(p.name.trim()).not.toBe('');
    expect(p.field.trim()).not.toBe('');
    expect(p.source.trim()).not.toBe('');
    expect(p.receivingAgencyKinds.length).toBeGreaterThan(0);
    expect(p.applicantIdTypes.length).toBeGreaterThan(0);
    expect(p.components.length).toBeGreaterThan(0);
    expect(p.components.some((c) => c.required)).toBe(true);
    expect(p.result.name.trim()).not.toBe('');
    expect(p.result.documentTypeCode).toMatch(/^KQ\.[A-Z]+\.[A-Z]+$/);
    expect(p.result.symbol).toMatch(/^[A-ZĐ]+(-[A-ZĐ]+)*$/);
    if (p.result.validity) expect(p.result.validity).toMatch(/^\d+[dmy]$/);
  });

  it.each(procedures.map((p) => [p.processId, p] as const))('when %s is read, then its deadline is a positive multiple of half a day', (_id, p) => {
    expect(p.workingDays).toBeGreaterThan(0);
    expect(Number.isInteger(p.workingDays * 2)).toBe(true);
    if (p.statutoryWorkingDays !== undefined) {
      expect(Number.isInteger(p.statutoryWorkingDays * 2)).toBe(true);
      expect(p.statutoryWorkingDays).toBeGreaterThanOrEqual(p.workingDays);
    }
  });

  it.each(procedures.map((p) => [p.processId, p] as const))('when %s is read, then its fee is a whole, non-negative VND amount with its basis', (_id, p) => {
    expect(Number.isInteger(p.fee.amount)).toBe(true);
    expect(p.fee.amount).toBeGreaterThanOrEqual(0);
    expect(p.fee.note?.trim()).toBeTruthy();
  });

  it.each(procedures.map((p) => [p.processId, p] as const))('when %s is read, then an organization-only procedure asks for a tax code and a commune one for a personal ID', (_id, p) => {
    if (p.level === 'commune') {
      expect(p.receivingAgencyKinds).toEqual(['commune-people-committee']);
      expect(p.applicantIdTypes).toContain('CCCD');
      expect(p.applicantIdTypes).not.toContain('TAX_CODE');
    }
    if (p.name.includes('đối với tổ chức')) expect(p.applicantIdTypes).toEqual(['TAX_CODE']);
  });
});

describe('dossier components', () => {
  const all = procedures.flatMap((p) => p.components.map((c) => [`${p.processId}/${c.code}`, p, c] as const));

  it.each(procedures.map((p) => [p.processId, p] as const))('when %s is read, then its component codes are unique kebab-case keys', (_id, p) => {
    const codes = p.components.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(KEBAB);
  });

  it.each(all)('when %s is digitized, then the mode follows its classification', (_key, _p, c) => {
    expect(c.digitization).toBe(digitizationOf(c.classification));
  });

  it.each(all)('when %s is uploaded, then its types, size, sides and resolution are set within the seeds\' limits', (_key, _p, c) => {
    expect(c.acceptedTypes.length).toBeGreaterThan(0);
    expect(c.acceptedTypes).toContain('pdf'); // the desk's scans are PDF (DOMAIN §10)
    expect(new Set(c.acceptedTypes).size).toBe(c.acceptedTypes.length);
    // a scan that is signed carries its signature inside a PDF: a PDF or page images (TIFF pages too) made into one, never Word
    if (c.digitization !== 'scan-only') expect(c.acceptedTypes.every((t) => ['pdf', 'jpeg', 'png', 'tiff'].includes(t))).toBe(true);
    expect(c.maxBytes).toBeGreaterThan(0);
    expect(c.maxBytes).toBeLessThanOrEqual(MAX_BYTES_CEILING);
    expect(MAX_BYTES_CEILING).toBe(50 * MB);
    expect(typeof c.doubleSided).toBe('boolean');
    expect([MIN_DPI.document, MIN_DPI.drawing]).toContain(c.minDpi);
    expect(Number.isInteger(c.quantity)).toBe(true);
    expect(c.quantity).toBeGreaterThanOrEqual(1);
    expect(c.documentTypeCode).toMatch(/^(TK|GT|KQ)\.[A-Z]+\.[A-Z]+$/);
  });

  it.each(all)('when %s is only needed in some cases, then it says when', (_key, _p, c) => {
    if (!c.required) expect(c.condition?.trim()).toBeTruthy();
    else expect(c.condition).toBeUndefined();
  });

  it.each(all)('when %s is classified, then only forms have a form type code (TK), and forms are originals', (_key, _p, c) => {
    if (c.classification === 'form') {
      expect(c.documentTypeCode.startsWith('TK.')).toBe(true);
      expect(c.copy).toBe('original');
    } else {
      expect(c.documentTypeCode.startsWith('TK.')).toBe(false);
    }
  });

  it('when a classification is given, then digitizationOf maps the three mandatory cases to mandatory', () => {
    const cases: [ComponentClassification, string][] = [
      ['form', 'scan-only'],
      ['earlier-result', 'mandatory'],
      ['specialized-law', 'mandatory'],
      ['management-decision', 'mandatory'],
      ['on-demand', 'on-demand'],
    ];
    for (const [classification, mode] of cases) expect(digitizationOf(classification)).toBe(mode);
  });

  it('when the default upload limit is read, then it is the 30 MB of the Phú Yên and Bình Định screens', () => {
    expect(DEFAULT_MAX_BYTES).toBe(30 * MB);
  });
});

describe('procedures named in the seeds', () => {
  it('when birth registration is read, then the codes other modules rely on are unchanged', () => {
    const p = findProcedure('1.001193.000.00.00.H34');
    expect(p).toBeDefined();
    if (!p) return;
    expect(p).toMatchObject({
      code: '1.001193.000.00.00.H34',
      name: 'Đăng ký khai sinh',
      level: 'commune',
      field: 'Hộ tịch',
      processId: 'birth-registration',
      workingDays: 1,
      subjectRequired: true,
      applicantIdTypes: ['CCCD', 'PASSPORT'],
      result: { name: 'Trích lục khai sinh', documentTypeCode: 'KQ.HT.KS', symbol: 'TLKS' },
    });
    expect(p.components.map((c) => [c.code, c.required, c.digitization, c.documentTypeCode])).toEqual([
      ['to-khai', true, 'scan-only', 'TK.HT.KS'],
      ['giay-chung-sinh', true, 'mandatory', 'GT.YT.GCS'],
    ]);
    expect(findComponent(p, 'to-khai')?.name).toBe('Tờ khai đăng ký khai sinh theo mẫu');
    expect(findComponent(p, 'giay-chung-sinh')?.name).toBe('Bản chính Giấy chứng sinh');
  });

  it('when marriage and death registration are read, then they carry the seed 004 codes and their own results', () => {
    expect(findProcedure('1.000894.000.00.00.H34')).toMatchObject({
      processId: 'marriage-registration', level: 'commune', result: { symbol: 'GCNKH', documentTypeCode: 'KQ.HT.KH' },
    });
    const death = findProcedure('1.000656.000.00.00.H34');
    expect(death).toMatchObject({
      processId: 'death-registration', level: 'commune', subjectRequired: true, result: { symbol: 'TLKT', documentTypeCode: 'KQ.HT.KT' },
    });
    expect(death && findComponent(death, 'giay-bao-tu')?.digitization).toBe('mandatory');
  });

  it('when the civil-status procedures are read, then they are free (Law on Civil Status Art. 11)', () => {
    for (const id of ['birth-registration', 'marriage-registration', 'death-registration']) {
      expect(procedure(id).fee.amount).toBe(0);
    }
  });

  it('when the forest-animal plan is read, then it is the Bình Định half-day province procedure', () => {
    const p = findProcedure('1.000047.000.00.00.H08');
    expect(p).toMatchObject({ processId: 'forest-animal-exploitation-plan', level: 'province', workingDays: 0.5, codeSource: 'seed' });
    expect(p?.receivingAgencyKinds).toContain('provincial-public-administration-centre');
    expect(p?.components).toHaveLength(1);
    expect(p?.components[0]).toMatchObject({ code: 'phuong-an-khai-thac', copy: 'original', quantity: 1, required: true });
  });

  it('when the publication licence is read, then it follows the four rows of the Phú Yên screen', () => {
    const p = procedure('non-commercial-publication-licence');
    expect(p.level).toBe('province');
    expect(p.result.symbol).toBe('GP-STTTT');
    expect(p.applicantIdTypes).toEqual(['TAX_CODE']);
    expect(p.components.map((c) => [c.code, c.copy])).toEqual([
      ['don-de-nghi', 'original'],
      ['ban-thao', 'original'],
      ['giay-phep-hoat-dong', 'certified-copy'], // seed 000: 0 bản chính, 1 bản sao
      ['y-kien-co-quan-chu-quan', 'original'],
    ]);
    expect(p.fee).toMatchObject({ amount: 15_000, per: 'standard-page' });
  });

  it('when land-use change is read, then it is a province procedure the department prepares and the provincial committee decides', () => {
    const p = procedure('land-use-purpose-change');
    expect(p.level).toBe('province');
    expect(p.leadAgencyKind).toBe('provincial-department');
    expect(p.decidingAgencyKind).toBe('provincial-people-committee');
    expect(p.receivingAgencyKinds).toContain('provincial-department');
    expect(p.applicantIdTypes).toEqual(['TAX_CODE']);
    // the department's submission is an intermediate result, never the procedure's result
    expect(p.intermediateResults?.map((r) => r.issuerKind)).toEqual(['provincial-department']);
    expect(p.intermediateResults?.map((r) => r.symbol)).not.toContain(p.result.symbol);
    // the land-use certificate carries the plot diagram: scanned at the drawing resolution
    expect(p.components.find((c) => c.code === 'giay-chung-nhan')).toMatchObject({ classification: 'earlier-result', minDpi: 300, doubleSided: true });
  });

  it('when an inter-agency procedure names who decides, then it also names who leads', () => {
    for (const p of procedures) {
      if (p.decidingAgencyKind && p.decidingAgencyKind !== p.leadAgencyKind) expect(p.leadAgencyKind).toBeDefined();
      if (p.intermediateResults?.length) expect(p.decidingAgencyKind).not.toBe(p.leadAgencyKind);
    }
  });
});

describe('look-ups', () => {
  it('when the code is unknown, then findProcedure answers undefined', () => {
    expect(findProcedure('9.999999.000.00.00.Z99')).toBeUndefined();
    expect(findProcedure('')).toBeUndefined();
    expect(findProcedure('1.001193.000.00.00.h34')).toBeUndefined(); // codes are exact
  });

  it('when a component code is unknown to the procedure, then findComponent answers undefined', () => {
    const birth = procedure('birth-registration');
    expect(findComponent(birth, 'giay-bao-tu')).toBeUndefined();
    expect(findComponent(birth, 'giay-chung-sinh')?.classification).toBe('earlier-result');
  });
});

describe('intakeViolations by channel', () => {
  const birth = findProcedure('1.001193.000.00.00.H34')!;
  const files = [{ fieldname: 'to-khai' }, { fieldname: 'giay-chung-sinh' }];
  const subject = { fullName: 'Võ Đặng Minh Khang', dateOfBirth: '2026-11-10' };
  it('when an online dossier declares sheets of paper, then it is refused: its files are not scans of paper', () => {
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD' }, subject, channel: 'online', pages: { 'giay-chung-sinh': { sheets: 1 } } }, files))
      .toEqual([expect.objectContaining({ field: 'pages', rule: 'online-not-scanned' })]);
  });
  it('when the same sheets come in person or by post, then they are what the desk counted', () => {
    for (const channel of ['in-person', 'post'] as const) {
      expect(intakeViolations(birth, { applicant: { idType: 'CCCD', address: 'Thôn 2, xã Đắk La, tỉnh Kon Tum' }, subject, channel, pages: { 'giay-chung-sinh': { sheets: 1 } } }, files)).toEqual([]);
    }
  });
  it('when a dossier comes by post without a mailing address, then it is refused: the receipt and the result go back by post', () => {
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD' }, subject, channel: 'post' }, files))
      .toEqual([expect.objectContaining({ field: 'applicant.address', rule: 'postal-address-required' })]);
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD', address: 'Đắk La' }, subject, channel: 'post' }, files))
      .toEqual([expect.objectContaining({ rule: 'postal-address-required' })]);
  });
  it('when the applicant wants the result by post, then a mailing address is needed whatever way the dossier came', () => {
    expect(resultDeliveryOf({ channel: 'post' })).toBe('post');
    expect(resultDeliveryOf({ channel: 'in-person' })).toBe('desk');
    expect(resultDeliveryOf({ channel: 'online', resultDelivery: 'post' })).toBe('post');
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD' }, subject, channel: 'in-person', resultDelivery: 'post' }, files))
      .toEqual([expect.objectContaining({ field: 'applicant.address', rule: 'postal-address-required' })]);
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD', address: 'Thôn 2, xã Đắk La, tỉnh Kon Tum' }, subject, channel: 'in-person', resultDelivery: 'post' }, files)).toEqual([]);
  });
  it('when the applicant asks for Zalo notices without a phone number, then it is refused: Zalo reaches a phone', () => {
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD', zalo: true }, subject }, files))
      .toEqual([expect.objectContaining({ field: 'applicant.zalo', rule: 'zalo-needs-phone' })]);
    expect(intakeViolations(birth, { applicant: { idType: 'CCCD', zalo: true, phone: '0912345678' }, subject }, files)).toEqual([]);
  });
});
