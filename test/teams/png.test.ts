import { expect } from 'chai';
import { crc32, deflateSync } from 'node:zlib';
import { decodePng, encodePng, PngError, readPngHeader } from '../../scripts/teams/png.js';

function checkerboard(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels.set((i + Math.floor(i / width)) % 2 === 0 ? [10, 200, 30, 255] : [255, 255, 255, 0], i * 4);
  }
  return pixels;
}

describe('teams/png', () => {
  it('round-trips RGBA pixels through encode and decode', () => {
    const pixels = checkerboard(5, 3);
    const decoded = decodePng(encodePng({ width: 5, height: 3, pixels }));
    expect(decoded.width).to.equal(5);
    expect(decoded.height).to.equal(3);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).to.equal(true);
  });

  it('writes an IHDR header with the size, 8-bit depth and RGBA color type', () => {
    const header = readPngHeader(encodePng({ width: 7, height: 2, pixels: new Uint8Array(7 * 2 * 4) }));
    expect(header).to.deep.equal({ width: 7, height: 2, bitDepth: 8, colorType: 6, interlace: 0 });
  });

  it('rejects pixel buffers of the wrong length and files that are not PNGs', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).to.throw(PngError, /expected 16 bytes/);
    expect(() => readPngHeader(Buffer.from('GIF89a, definitely not a png file at all'))).to.throw(PngError, /not a PNG/);
  });

  it('undoes the Sub, Up, Average and Paeth row filters when decoding', () => {
    // One row per filter type on a 2×4 image; each row's bytes are already filtered by hand.
    const png = encodePng({ width: 2, height: 4, pixels: new Uint8Array(2 * 4 * 4) });
    const rows = [
      [1, 10, 20, 30, 40, 5, 5, 5, 5], // Sub: second pixel = first + 5
      [2, 1, 1, 1, 1, 2, 2, 2, 2], // Up: add the row above
      [3, 0, 0, 0, 0, 0, 0, 0, 0], // Average of left and above
      [4, 1, 1, 1, 1, 1, 1, 1, 1], // Paeth
    ];
    const raw = deflateSync(Buffer.from(rows.flat()));
    // Swap the encoder's IDAT for the hand-filtered one, keeping a correct length and CRC.
    const idat = Buffer.alloc(12 + raw.length);
    idat.writeUInt32BE(raw.length, 0);
    idat.write('IDAT', 4, 'ascii');
    raw.copy(idat, 8);
    idat.writeUInt32BE(crc32(idat.subarray(4, 8 + raw.length)), 8 + raw.length);
    const withHandIdat = Buffer.concat([png.subarray(0, 33), idat, png.subarray(png.length - 12)]);
    const { pixels } = decodePng(withHandIdat);
    expect([...pixels.subarray(0, 8)]).to.deep.equal([10, 20, 30, 40, 15, 25, 35, 45]);
    expect([...pixels.subarray(8, 16)]).to.deep.equal([11, 21, 31, 41, 17, 27, 37, 47]);
    // Average: first pixel floor((0 + above)/2), second floor((left + above)/2).
    expect([...pixels.subarray(16, 24)]).to.deep.equal([5, 10, 15, 20, 11, 18, 26, 33]);
    // Paeth on the first pixel picks "above" (left and upper-left are 0).
    expect([...pixels.subarray(24, 28)]).to.deep.equal([6, 11, 16, 21]);
  });
});
