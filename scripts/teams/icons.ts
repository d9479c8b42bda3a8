import type { RgbaImage } from './png.js';

/** Calm teal shared by the color icon and the manifest's accentColor. */
export const ACCENT_COLOR = '#2A8C82';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgb = readonly [number, number, number];
type Shape = (x: number, y: number) => boolean;

const WHITE: Rgb = [255, 255, 255];
const TEAL: Rgb = [0x2a, 0x8c, 0x82];
// Subsamples per pixel side: enough for smooth edges without an image library.
const SUPERSAMPLE = 4;

/** Signed distance to a rounded rectangle: negative inside. */
function roundedRect(cx: number, cy: number, halfW: number, halfH: number, r: number) {
  return (x: number, y: number): number => {
    const qx = Math.abs(x - cx) - (halfW - r);
    const qy = Math.abs(y - cy) - (halfH - r);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** Signed distance to a triangle (negative inside), for the speech bubble's tail. */
function triangle(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]) {
  const points = [a, b, c] as const;
  return (x: number, y: number): number => {
    let best = Infinity;
    let sign = 0;
    for (let i = 0; i < 3; i++) {
      const [x0, y0] = points[i] ?? a;
      const [x1, y1] = points[(i + 1) % 3] ?? a;
      const ex = x1 - x0;
      const ey = y1 - y0;
      const wx = x - x0;
      const wy = y - y0;
      const t = Math.min(Math.max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1);
      best = Math.min(best, Math.hypot(wx - ex * t, wy - ey * t));
      const cross = ex * wy - ey * wx;
      sign += cross > 0 ? 1 : -1;
    }
    // Inside when the point is on the same side of all three edges.
    return Math.abs(sign) === 3 ? -best : best;
  };
}

/** The classic heart curve (x²+y²−1)³ ≤ x²y³, centred at (cx, cy), about 2.3·size wide. */
function heart(cx: number, cy: number, size: number): Shape {
  return (x, y) => {
    const hx = (x - cx) / size;
    const hy = -(y - cy) / size; // image y grows downwards
    const k = hx * hx + hy * hy - 1;
    return k * k * k - hx * hx * hy * hy * hy <= 0;
  };
}

/** A speech bubble (rounded box with a tail at lower left) scaled to an icon of `size` pixels. */
function bubbleDistance(size: number): (x: number, y: number) => number {
  const s = size / 192; // designed on the 192 px grid
  const box = roundedRect(96 * s, 84 * s, 60 * s, 46 * s, 26 * s);
  const tail = triangle([58 * s, 110 * s], [96 * s, 118 * s], [48 * s, 158 * s]);
  return (x, y) => Math.min(box(x, y), tail(x, y));
}

/** Fraction of a pixel covered by a shape, by supersampling. */
function coverage(shape: Shape, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SUPERSAMPLE; i++) {
    for (let j = 0; j < SUPERSAMPLE; j++) {
      if (shape(px + (i + 0.5) / SUPERSAMPLE, py + (j + 0.5) / SUPERSAMPLE)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

const mix = (from: Rgb, to: Rgb, t: number): Rgb => [
  Math.round(from[0] + (to[0] - from[0]) * t),
  Math.round(from[1] + (to[1] - from[1]) * t),
  Math.round(from[2] + (to[2] - from[2]) * t),
];

/** 192×192 color icon: a white speech bubble holding a teal heart, on a teal square. */
export function drawColorIcon(): RgbaImage {
  const size = COLOR_ICON_SIZE;
  const bubble = bubbleDistance(size);
  const bubbleShape: Shape = (x, y) => bubble(x, y) <= 0;
  const heartShape = heart(96, 86, 26);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let color = mix(TEAL, WHITE, coverage(bubbleShape, x, y));
      color = mix(color, TEAL, coverage(heartShape, x, y));
      pixels.set([color[0], color[1], color[2], 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, pixels };
}

/**
 * 32×32 outline icon: the same bubble drawn as a white line with a small white heart.
 * Teams requires outline icons to be white on a transparent background, so only alpha varies.
 */
export function drawOutlineIcon(): RgbaImage {
  const size = OUTLINE_ICON_SIZE;
  const bubble = bubbleDistance(size);
  const stroke = 2;
  const ring: Shape = (x, y) => {
    const d = bubble(x, y);
    return d <= 0 && d > -stroke;
  };
  const heartShape = heart(16, 14.8, 3.8);
  const shape: Shape = (x, y) => ring(x, y) || heartShape(x, y);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(coverage(shape, x, y) * 255);
      pixels.set(alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, pixels };
}
