/**
 * Regenerates teams/color.png and teams/outline.png from scripts/teams/icons.ts.
 * The PNGs are committed; test/teams/icons.test.ts checks they still match this output.
 */
import { writeFileSync } from 'node:fs';
import { drawColorIcon, drawOutlineIcon } from './teams/icons.js';
import { encodePng } from './teams/png.js';
import { COLOR_ICON_PATH, OUTLINE_ICON_PATH } from './teams/paths.js';

writeFileSync(COLOR_ICON_PATH, encodePng(drawColorIcon()));
writeFileSync(OUTLINE_ICON_PATH, encodePng(drawOutlineIcon()));
console.log(`Wrote ${COLOR_ICON_PATH} and ${OUTLINE_ICON_PATH}`);
