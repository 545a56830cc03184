/**
 * The birth-registration entry (Luật Hộ tịch 2014 Art. 14–16; Decree 123/2015 Art. 4): what the
 * civil-status officer records from the declaration (tờ khai) at review, the personal ID number the
 * national population database assigns to the child, and the register entry the clerk's number gives.
 * These are the fields of the birth-registration extract (trích lục khai sinh).
 */
export interface ParentRecord {
  fullName: string;
  birthYear?: number;
  ethnicity?: string;
  nationality?: string;
  residence?: string;
}

export interface BirthRecord {
  sex: 'Nam' | 'Nữ';
  placeOfBirth: string;
  ethnicity: string;
  nationality: string;
  hometown?: string;
  /**
   * assigned by the national population database at registration (Luật Căn cước 2023 Art. 12): kept on
   * the dossier only, never in process variables or logs
   */
  personalIdNumber?: string;
  mother?: ParentRecord;
  father?: ParentRecord;
}

/** The register book of a year: one book per agency and year ("01/2026"), entries numbered from 1 on 1 January. */
export const registerBookOf = (year: number) => `01/${year}`;
