import { crc32, deflateSync } from 'node:zlib';

/**
 * Synthetic "scanned page" rasters for tests and demo data: 24-bit RGB, off-white paper with grey noise,
 * dust specks and dark bars laid out like lines of text. Decree 30/2020 Annex I (and TT 05/2025 Art. 8)
 * ask for colour scans at >= 200 dpi for administrative documents, so pages are A4 at 200 dpi.
 */
export const SCAN_DPI = 200;
export const A4_PIXELS = { width: Math.round((210 / 25.4) * SCAN_DPI), height: Math.round((297 / 25.4) * SCAN_DPI) };

export interface Raster {
  width: number;
  height: number;
  /** rows of width * 3 bytes (R, G, B), top row first */
  rgb: Buffer;
}

/** Small deterministic PRNG (xorshift32), so the same seed gives the same page. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

export function scanRaster(seed: number, { width, height } = A4_PIXELS): Raster {
  const rand = prng(seed);
  const rgb = Buffer.alloc(width * height * 3);
  const set = (x: number, y: number, v: number) => {
    const i = (y * width + x) * 3;
    rgb[i] = v;
    rgb[i + 1] = v - 2;
    rgb[i + 2] = v - 8; // slightly warm paper tint
  };
  // Paper: grey noise in 2x2 cells (scanner grain), plus rare dark dust specks.
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const v = rand() < 0.002 ? 90 + Math.floor(rand() * 60) : 236 + Math.floor(rand() * 4) * 3;
      for (let dy = 0; dy < 2 && y + dy < height; dy++) for (let dx = 0; dx < 2 && x + dx < width; dx++) set(x + dx, y + dy, v);
    }
  }
  // "Text": word-sized dark bars on lines 1/3 of an inch apart, inside ~20 mm margins.
  const margin = Math.round((20 / 25.4) * SCAN_DPI);
  for (let line = margin + 40; line < height - margin; line += Math.round(SCAN_DPI / 3)) {
    let x = margin + (rand() < 0.2 ? 80 : 0);
    const end = width - margin - (rand() < 0.15 ? Math.floor(rand() * width * 0.5) : 0);
    while (x < end) {
      const word = 20 + Math.floor(rand() * 90);
      const ink = 40 + Math.floor(rand() * 40);
      for (let y = line; y < line + 22; y++) for (let dx = 0; dx < word && x + dx < end; dx++) set(x + dx, y, ink);
      x += word + 14;
    }
  }
  return { width, height, rgb };
}

/** zlib stream of the raw samples: the /FlateDecode data of a PDF image (no PNG row filters needed). */
export function deflateRaster(r: Raster): Buffer {
  return deflateSync(r.rgb, { level: 6 });
}

/** A4 in pixels at a given resolution. */
export const a4Pixels = (dpi: number) => ({ width: Math.round((210 / 25.4) * dpi), height: Math.round((297 / 25.4) * dpi) });

/**
 * Minimal PNG encoder (filter type 0 on every row), for page images a scanner or phone produces; with
 * `dpi`, a pHYs chunk declares the resolution (pixels per metre), as scanners write it.
 */
export function encodePng(r: Raster, dpi?: number): Buffer {
  return png(r.width, r.height, r.rgb, 3, dpi);
}

/**
 * RGBA PNG (8-bit truecolour with alpha): a transparent image such as a scanned wet signature, which
 * Decree 30/2020 Annex I asks for as a transparent PNG. `rgba` is width * 4 bytes per row, top row first.
 */
export function encodePngRgba(width: number, height: number, rgba: Buffer, dpi?: number): Buffer {
  return png(width, height, rgba, 4, dpi);
}

function png(width: number, height: number, samples: Buffer, channels: 3 | 4, dpi?: number): Buffer {
  if (samples.length !== width * height * channels) throw new Error(`a ${width}x${height} image has ${width * height * channels} samples, not ${samples.length}`);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  // 8-bit, truecolour (2) or truecolour with alpha (6), deflate, no filter method, no interlace
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const stride = width * channels;
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) samples.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const phys = Buffer.alloc(9);
  if (dpi) {
    const perMetre = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1; // unit: metre
  }
  return Buffer.concat([signature, chunk('IHDR', ihdr), ...(dpi ? [chunk('pHYs', phys)] : []), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Minimal uncompressed RGB TIFF writer (big-endian, one strip per page), several pages in one file as
 * document scanners write them; each page declares its resolution in dots per inch.
 */
export function encodeTiff(pages: { raster: Raster; dpi: number }[]): Buffer {
  const entryCount = 12;
  const ifdSize = 2 + entryCount * 12 + 4;
  const extraSize = 6 + 16; // BitsPerSample [8,8,8] and the two resolutions (RATIONAL each)
  let offset = 8;
  const layout = pages.map((p) => {
    const ifdAt = offset;
    const extraAt = ifdAt + ifdSize;
    const dataAt = extraAt + extraSize;
    offset = dataAt + p.raster.rgb.length;
    offset += offset % 2;
    return { ...p, ifdAt, extraAt, dataAt };
  });
  const out = Buffer.alloc(offset);
  out.write('MM', 0, 'latin1');
  out.writeUInt16BE(42, 2);
  out.writeUInt32BE(8, 4);
  layout.forEach((p, i) => {
    const { width, height, rgb } = p.raster;
    let at = p.ifdAt;
    out.writeUInt16BE(entryCount, at);
    at += 2;
    const entry = (tag: number, type: number, count: number, value: number) => {
      out.writeUInt16BE(tag, at);
      out.writeUInt16BE(type, at + 2);
      out.writeUInt32BE(count, at + 4);
      if (type === 3 && count === 1) out.writeUInt16BE(value, at + 8);
      else out.writeUInt32BE(value, at + 8);
      at += 12;
    };
    entry(256, 4, 1, width); // ImageWidth
    entry(257, 4, 1, height); // ImageLength
    entry(258, 3, 3, p.extraAt); // BitsPerSample → 8,8,8
    entry(259, 3, 1, 1); // Compression: none
    entry(262, 3, 1, 2); // Photometric: RGB
    entry(273, 4, 1, p.dataAt); // StripOffsets
    entry(277, 3, 1, 3); // SamplesPerPixel
    entry(278, 4, 1, height); // RowsPerStrip
    entry(279, 4, 1, rgb.length); // StripByteCounts
    entry(282, 5, 1, p.extraAt + 6); // XResolution
    entry(283, 5, 1, p.extraAt + 14); // YResolution
    entry(296, 3, 1, 2); // ResolutionUnit: inch
    out.writeUInt32BE(i + 1 < layout.length ? layout[i + 1]!.ifdAt : 0, at);
    [8, 8, 8].forEach((b, k) => out.writeUInt16BE(b, p.extraAt + k * 2));
    for (const r of [p.extraAt + 6, p.extraAt + 14]) {
      out.writeUInt32BE(p.dpi, r);
      out.writeUInt32BE(1, r + 4);
    }
    rgb.copy(out, p.dataAt);
  });
  return out;
}
