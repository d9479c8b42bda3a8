import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fromRoot } from '../../paths.js';
import { StaticAsset } from './staticAsset.js';

const DAY = 86_400;

/**
 * Where the Web Chat browser bundle is: inside the installed botframework-webchat
 * package (its exports map hides dist/, so we go from its main file).
 */
export function webChatBundlePath(): string {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  return resolve(dirname(main), '..', 'dist', 'webchat.js');
}

/** Every static file the page and the embed snippet need, loaded once. */
export function loadWebAssets(webDir = fromRoot('web')) {
  return {
    page: resolve(webDir, 'index.html'),
    appJs: new StaticAsset(resolve(webDir, 'app.js'), 'text/javascript; charset=utf-8', 300),
    styles: new StaticAsset(resolve(webDir, 'styles.css'), 'text/css; charset=utf-8', 300),
    icon: new StaticAsset(resolve(webDir, 'icon.svg'), 'image/svg+xml', DAY),
    widgetJs: new StaticAsset(resolve(webDir, 'widget.js'), 'text/javascript; charset=utf-8', 3600),
    webChat: new StaticAsset(webChatBundlePath(), 'text/javascript; charset=utf-8', DAY),
  };
}
