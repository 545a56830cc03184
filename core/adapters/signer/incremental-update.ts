import { createHash } from 'node:crypto';
import { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';

/**
 * Incremental update (ISO 32000-1 section 7.5.6) on top of pdf-lib, which can only rewrite whole files.
 * A signed PDF must never be re-saved: the earlier signature's /ByteRange covers every original byte.
 * So: digest every object right after loading, let pdf-lib change the document in memory, then append
 * only the new or changed objects, a classic cross-reference section and a trailer with /Prev.
 */
export type ObjectDigests = Map<string, string>;

const key = (ref: PDFRef) => `${ref.objectNumber} ${ref.generationNumber}`;

function serialize(object: PDFObject): Buffer {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function digestObjects(doc: PDFDocument): ObjectDigests {
  const digests: ObjectDigests = new Map();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    digests.set(key(ref), createHash('sha1').update(serialize(object)).digest('hex'));
  }
  return digests;
}

/** Offset of the last cross-reference section; only classic tables are supported as the base. */
function previousXrefOffset(original: Buffer): number {
  const at = original.lastIndexOf('startxref');
  const match = /^startxref\s+(\d+)/.exec(original.subarray(at, at + 40).toString('latin1'));
  if (at < 0 || !match?.[1]) throw new Error('incremental update: no startxref in the original PDF');
  const offset = Number(match[1]);
  if (original.subarray(offset, offset + 4).toString('latin1') !== 'xref') {
    throw new Error('incremental update: the original uses a cross-reference stream, which is not supported');
  }
  return offset;
}

function xrefSection(entries: { num: number; gen: number; offset: number }[]): string {
  let out = 'xref\n';
  for (let i = 0; i < entries.length; ) {
    let j = i;
    while (j + 1 < entries.length && entries[j + 1]!.num === entries[j]!.num + 1) j++;
    out += `${entries[i]!.num} ${j - i + 1}\n`;
    for (const e of entries.slice(i, j + 1)) {
      out += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  return out;
}

/** Appends the objects of `doc` that are new or differ from `before`; `original` stays byte-identical. */
export function appendIncrementalUpdate(original: Buffer, doc: PDFDocument, before: ObjectDigests): Buffer {
  const prev = previousXrefOffset(original);
  const changed = doc.context
    .enumerateIndirectObjects()
    .filter(([ref, object]) => before.get(key(ref)) !== createHash('sha1').update(serialize(object)).digest('hex'))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber);

  const parts: Buffer[] = [original, Buffer.from('\n')];
  let offset = original.length + 1;
  const push = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buf);
    offset += buf.length;
  };
  const entries = changed.map(([ref, object]) => {
    const entry = { num: ref.objectNumber, gen: ref.generationNumber, offset };
    push(`${entry.num} ${entry.gen} obj\n`);
    push(serialize(object));
    push('\nendobj\n');
    return entry;
  });

  const xrefAt = offset;
  const { Root, Info, ID, Encrypt } = doc.context.trailerInfo;
  if (Encrypt) throw new Error('incremental update: encrypted PDFs are not supported');
  const trailer = doc.context.obj({ Size: doc.context.largestObjectNumber + 1, Root, Info, ID, Prev: prev });
  push(xrefSection(entries));
  push(`trailer\n${trailer.toString()}\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}
