/**
 * Regenerates teams/color.png and teams/outline.png from src/teams/icons.ts.
 * The PNGs are committed; test/teams/icons.test.ts checks they still match this output.
 */
import { writeFileSync } from 'node:fs';
import { drawColorIcon, drawOutlineIcon } from '../src/teams/icons.js';
import { encodePng } from '../src/teams/png.js';
import { COLOR_ICON_PATH, OUTLINE_ICON_PATH } from '../src/teams/paths.js';

writeFileSync(COLOR_ICON_PATH, encodePng(drawColorIcon()));
writeFileSync(OUTLINE_ICON_PATH, encodePng(drawOutlineIcon()));
console.log(`Wrote ${COLOR_ICON_PATH} and ${OUTLINE_ICON_PATH}`);
