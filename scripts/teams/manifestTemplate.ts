/** `{{NAME}}` placeholders in the manifest template, filled from configuration. */
const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;

export class TemplateError extends Error {}

/**
 * Replaces placeholders inside the string values of a parsed JSON template.
 * Working on parsed values (not raw text) means a value with quotes or backslashes can't break the JSON.
 * Unknown placeholders are an error rather than being left in the package.
 */
export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  const missing = new Set<string>();
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        const value = values[name];
        if (value === undefined) {
          missing.add(name);
          return whole;
        }
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    return node;
  };
  const filled = fill(template);
  if (missing.size > 0) {
    throw new TemplateError(`manifest template uses unknown placeholder(s): ${[...missing].sort().join(', ')}`);
  }
  return filled;
}

/** Placeholders a template uses, for checking a template against the values a build supplies. */
export function placeholdersIn(template: unknown): Set<string> {
  return new Set([...JSON.stringify(template).matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''));
}
