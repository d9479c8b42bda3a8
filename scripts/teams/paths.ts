import { fromRoot } from '../../src/paths.js';

/** Files of the Teams app package, found from the project root so scripts work from any working directory. */
const TEAMS_DIR = `${fromRoot('teams')}/`;

export const MANIFEST_TEMPLATE_PATH = `${TEAMS_DIR}manifest.json`;
export const COLOR_ICON_PATH = `${TEAMS_DIR}color.png`;
export const OUTLINE_ICON_PATH = `${TEAMS_DIR}outline.png`;
export const PACKAGE_JSON_PATH = fromRoot('package.json');
