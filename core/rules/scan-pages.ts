/**
 * How many pages a scanned component must have (seeds 001/003, DOMAIN §4.3): both sides of every sheet
 * unless the officer declares a back blank, and a page carrying a sticky note twice (with and without
 * the note). Double-sided by default where the catalog says so for the component.
 */
export interface PageDeclaration {
  /** paper sheets handed over */
  sheets: number;
  /** sheets whose back is blank (not scanned) */
  blankBacks?: number;
  /** pages carrying a sticky note: scanned once more without it */
  notes?: number;
  /** overrides the catalog's default for this component */
  doubleSided?: boolean;
}

export function expectedPages(declaration: PageDeclaration, defaultDoubleSided: boolean): number {
  const doubleSided = declaration.doubleSided ?? defaultDoubleSided;
  const sides = doubleSided ? declaration.sheets * 2 - Math.min(declaration.blankBacks ?? 0, declaration.sheets) : declaration.sheets;
  return sides + (declaration.notes ?? 0);
}
