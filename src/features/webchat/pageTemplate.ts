import { readFileSync } from 'node:fs';

export interface PageValues {
  nonce: string;
  embed: boolean;
  helplineDisplay: string;
  helplineTel: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** index.html with its placeholders filled; read once, filled per request (the nonce changes). */
export class PageTemplate {
  private readonly html: string;

  constructor(path: string) {
    this.html = readFileSync(path, 'utf8');
    for (const name of ['NONCE', 'BODY_CLASS', 'HELPLINE_DISPLAY', 'HELPLINE_TEL']) {
      if (!this.html.includes(`{{${name}}}`)) throw new Error(`${path}: placeholder {{${name}}} is missing`);
    }
  }

  render(values: PageValues): string {
    const fill: Record<string, string> = {
      NONCE: values.nonce,
      BODY_CLASS: values.embed ? 'embed' : 'standalone',
      HELPLINE_DISPLAY: values.helplineDisplay,
      HELPLINE_TEL: values.helplineTel,
    };
    return this.html.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => (name in fill ? escapeHtml(fill[name] ?? '') : whole));
  }
}
