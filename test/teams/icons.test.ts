import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ACCENT_COLOR, drawColorIcon, drawOutlineIcon } from '../../scripts/teams/icons.js';
import { COLOR_ICON_PATH, MANIFEST_TEMPLATE_PATH, OUTLINE_ICON_PATH } from '../../scripts/teams/paths.js';
import { decodePng, encodePng, readPngHeader } from '../../scripts/teams/png.js';

describe('teams icons', () => {
  const color = readFileSync(COLOR_ICON_PATH);
  const outline = readFileSync(OUTLINE_ICON_PATH);

  it('commits a 192×192 color icon and a 32×32 outline icon', () => {
    expect(readPngHeader(color)).to.include({ width: 192, height: 192 });
    expect(readPngHeader(outline)).to.include({ width: 32, height: 32 });
  });

  it('keeps the committed icons in step with the generator (npx tsx scripts/teams-icons.ts)', () => {
    expect(color.equals(encodePng(drawColorIcon())), 'teams/color.png is stale').to.equal(true);
    expect(outline.equals(encodePng(drawOutlineIcon())), 'teams/outline.png is stale').to.equal(true);
  });

  it('draws the outline icon only in white on transparent, as Teams requires', () => {
    const { pixels } = decodePng(outline);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a === 0) transparent++;
      else {
        expect([r, g, b], `pixel ${i / 4} has alpha but is not white`).to.deep.equal([255, 255, 255]);
        if (a === 255) opaque++;
      }
    }
    // A real shape: some solid white, and a mostly transparent background.
    expect(opaque).to.be.greaterThan(100);
    expect(transparent).to.be.greaterThan(pixels.length / 4 / 2);
  });

  it('draws the color icon fully opaque, using the accent color and white', () => {
    const { pixels } = decodePng(color);
    const hex = (i: number) =>
      `#${[pixels[i], pixels[i + 1], pixels[i + 2]].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    for (let i = 3; i < pixels.length; i += 4) expect(pixels[i]).to.equal(255);
    expect(hex(0), 'corner is background').to.equal(ACCENT_COLOR.toUpperCase());
    const insideBubble = (60 * 192 + 50) * 4; // inside the bubble, left of the heart
    expect(hex(insideBubble)).to.equal('#FFFFFF');
  });

  it('uses the icon background as the manifest accent color', () => {
    const template = JSON.parse(readFileSync(MANIFEST_TEMPLATE_PATH, 'utf8')) as { accentColor?: unknown };
    expect(template.accentColor).to.equal(ACCENT_COLOR);
  });
});
