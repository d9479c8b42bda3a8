import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { AZURE_DIRECT_LINE_DOMAIN } from '../directline/azureTokens.js';
import { OriginPolicy } from '../directline/originPolicy.js';
import { COMMON_SECURITY_HEADERS, connectOriginsOf, pagePolicy } from './contentSecurityPolicy.js';
import { PageTemplate } from './pageTemplate.js';
import type { StaticAsset } from './staticAsset.js';
import { loadWebAssets } from './webChatAssets.js';
import { loadPageTexts, pageLocale } from './pageTexts.js';
import { fromRoot } from '../../paths.js';

const PageQuery = z
  .object({
    embed: z.enum(['0', '1'], 'embed is 0 or 1').optional(),
    /** The embedding page's language (the widget passes its page's): the chat in Spanish with lang=es. */
    lang: z.string().max(35).optional(),
  })
  .loose();

export interface WebChatRoutesOptions {
  /** Azure Direct Line base, when DIRECT_LINE_SECRET is set (must match directLineRoutes'). */
  azureDomain?: string;
  webDir?: string;
}

/**
 * The chat page at `/` (and `/?embed=1` for the widget's iframe), its assets, the Web
 * Chat bundle from node_modules, and `/widget.js`. Nothing is fetched from anywhere else.
 */
export function webChatRoutes(options: WebChatRoutesOptions = {}) {
  return (server: Server, app: RouteContext): void => {
    const assets = loadWebAssets(options.webDir);
    const template = new PageTemplate(assets.page);
    const origins = new OriginPolicy(app.config.ALLOWED_ORIGINS, app.config.PUBLIC_BASE_URL);
    const connectOrigins = app.config.DIRECT_LINE_SECRET ? connectOriginsOf(options.azureDomain ?? AZURE_DIRECT_LINE_DOMAIN) : [];
    const frameAncestors = app.config.ALLOWED_ORIGINS.map((o) => new URL(o).origin);
    const { helpline } = app.content.text;
    const pageTexts = loadPageTexts(fromRoot(app.config.CONTENT_DIR));

    const page = async (req: Request, res: Response): Promise<void> => {
      const query = PageQuery.safeParse(req.query ?? {});
      if (!query.success) {
        res.send(400, { error: { code: 'BadArgument', message: query.error.issues[0]?.message ?? 'bad query' } });
        return;
      }
      const nonce = randomBytes(16).toString('base64');
      // The page's language: the embedding page's ?lang=, else what the browser asks for (Accept-Language).
      const accept = req.headers['accept-language'];
      const locale = pageLocale(query.data.lang, typeof accept === 'string' ? accept : undefined);
      const html = template.render({ nonce, embed: query.data.embed === '1', helplineDisplay: helpline.display, helplineTel: helpline.tel, texts: pageTexts[locale] });
      // setHeader, not res.header: restify's header() appends, and the server's default
      // API policy (default-src 'none') must be replaced, not combined with ours.
      for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('Content-Security-Policy', pagePolicy({ nonce, connectOrigins, frameAncestors }));
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Language', pageTexts[locale].lang);
      res.setHeader('Vary', 'Accept-Language');
      res.sendRaw(200, html);
    };
    server.get('/', page);
    server.get('/index.html', page);

    const serve = (path: string, asset: StaticAsset, extra: Record<string, string> = {}): void => {
      server.get(path, async (req: Request, res: Response) => {
        await asset.send(req, res, { ...COMMON_SECURITY_HEADERS, ...extra });
      });
    };
    serve('/assets/app.js', assets.appJs);
    serve('/assets/styles.css', assets.styles);
    serve('/assets/icon.svg', assets.icon);
    serve('/assets/webchat.js', assets.webChat);
    // Loaded by other sites' pages: readable cross-origin, but it only runs there.
    serve('/widget.js', assets.widgetJs, { 'Cross-Origin-Resource-Policy': 'cross-origin' });

    app.logger.info({ event: 'web_chat_ready', embedders: origins.embedders.length }, 'web chat page ready');
  };
}
