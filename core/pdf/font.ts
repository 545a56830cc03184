import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * Vietnamese-capable TrueType fonts for pdf-lib.
 *
 * Primary source: the npm package `dejavu-fonts-ttf` (DejaVu 2.37, Bitstream Vera licence), whose TTFs
 * cover the full Vietnamese range (precomposed Ơ/Ư/Đ with tone marks), so no OS package is needed.
 * Fallback: the same files from the Debian package `fonts-dejavu-core`.
 * A serif face is used because Decree 30/2020 Annex I asks for Times New Roman on documents and
 * signature stamps. Noto Serif (Google Fonts builds) was tried first and rejected: pdf-lib's subsetter
 * drops most of its glyphs (pdf-lib issues #494, #1232); DejaVu subsets correctly.
 */
export type FontWeight = 'regular' | 'bold';

const NPM_PACKAGE = 'dejavu-fonts-ttf';
const FILES: Record<FontWeight, string> = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf' };
const DEBIAN_DIR = '/usr/share/fonts/truetype/dejavu';

function npmFontPath(weight: FontWeight): string | undefined {
  try {
    const root = dirname(require.resolve(`${NPM_PACKAGE}/package.json`));
    const file = join(root, 'ttf', FILES[weight]);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Absolute path of a TTF with Vietnamese glyphs; throws naming what to install when none is found. */
export function fontPath(weight: FontWeight = 'regular'): string {
  const fromNpm = npmFontPath(weight);
  if (fromNpm) return fromNpm;
  const fromDebian = join(DEBIAN_DIR, FILES[weight]);
  if (existsSync(fromDebian)) return fromDebian;
  throw new Error(
    `No Vietnamese-capable font found: run \`npm install ${NPM_PACKAGE}\` ` +
      `or \`apt-get install -y fonts-dejavu-core\` (expected ${fromDebian})`,
  );
}

const cache = new Map<string, Uint8Array>();

function fontBytes(weight: FontWeight): Uint8Array {
  const path = fontPath(weight);
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    cache.set(path, bytes);
  }
  return bytes;
}

/** Embeds the font as a subset (only the glyphs drawn end up in the file). */
export async function embedVietnameseFont(doc: PDFDocument, weight: FontWeight = 'regular'): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  return doc.embedFont(fontBytes(weight), { subset: true });
}

/**
 * Text drawn with pdf-lib must be NFC: Vietnamese input often arrives decomposed (NFD, e.g. from macOS
 * file names or some IMEs), and the font maps precomposed code points such as U+1EC5 "ễ".
 */
export function vn(text: string): string {
  return text.normalize('NFC');
}
