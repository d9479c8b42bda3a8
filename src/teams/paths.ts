import { fileURLToPath } from 'node:url';

/** Files of the Teams app package, found from this module so scripts work from any working directory. */
const TEAMS_DIR = fileURLToPath(new URL('../../teams/', import.meta.url));

export const MANIFEST_TEMPLATE_PATH = `${TEAMS_DIR}manifest.json`;
export const COLOR_ICON_PATH = `${TEAMS_DIR}color.png`;
export const OUTLINE_ICON_PATH = `${TEAMS_DIR}outline.png`;
export const PACKAGE_JSON_PATH = fileURLToPath(new URL('../../package.json', import.meta.url));
