import { createHash } from 'node:crypto';
import { encodePngRgba } from '../../pdf/raster';

/**
 * A stand-in for a person's scanned wet signature, for development and tests only: a blue pen stroke on
 * a transparent background, as Decree 30/2020 Annex I asks the signature image to be (transparent PNG,
 * blue ink). The stroke depends on the name, so two leaders never share one. In production each person's
 * image is the scan they registered (SIGNING_CERT_DIR/people/<keycloak-id>.signature.png).
 */
export const DEV_SIGNATURE_SIZE = { width: 600, height: 240 }; // 50.8 × 20.3 mm at 300 dpi
const INK = [18, 48, 168] as const; // ballpoint blue

export function renderDevSignaturePng(name: string): Buffer {
  const { width, height } = DEV_SIGNATURE_SIZE;
  const seed = createHash('sha256').update(name.normalize('NFC')).digest();
  const p = (i: number, lo: number, hi: number) => lo + ((seed[i % seed.length] ?? 0) / 255) * (hi - lo);
  const rgba = Buffer.alloc(width * height * 4);
  const pen = 3.2; // stroke radius in pixels
  const dab = (cx: number, cy: number) => {
    for (let y = Math.floor(cy - pen - 1); y <= Math.ceil(cy + pen + 1); y++) {
      for (let x = Math.floor(cx - pen - 1); x <= Math.ceil(cx + pen + 1); x++) {
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        // soft edge: full ink inside the pen, fading over one pixel
        const coverage = Math.max(0, Math.min(1, pen + 0.5 - Math.hypot(x - cx, y - cy)));
        const i = (y * width + x) * 4;
        const alpha = Math.max(rgba[i + 3] ?? 0, Math.round(coverage * 255));
        rgba.set([INK[0], INK[1], INK[2], alpha], i);
      }
    }
  };
  // a flourish: loops travelling left to right, then an underline swept back
  const loops = Math.round(p(0, 3, 6));
  const amp = p(1, 0.22, 0.34) * height;
  const tilt = p(2, -0.12, 0.12);
  for (let t = 0; t <= 1; t += 0.0004) {
    const x = width * (0.06 + 0.82 * t) + amp * 0.45 * Math.cos(2 * Math.PI * loops * t + p(3, 0, 3));
    const y = height * (0.45 + tilt * (t - 0.5)) + amp * Math.sin(2 * Math.PI * loops * t) * (1 - 0.5 * t);
    dab(x, y);
  }
  for (let t = 0; t <= 1; t += 0.0006) {
    dab(width * (0.9 - 0.75 * t), height * (0.78 + 0.05 * Math.sin(Math.PI * t)) - 8 * t);
  }
  return encodePngRgba(width, height, rgba, 300);
}
