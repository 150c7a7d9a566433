/**
 * Compact, stable JSON: anything that fits on one line stays on one line, so truth.json is
 * short enough to read and review while remaining byte-identical between runs.
 */

const MAX_LINE = 120;

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => `${JSON.stringify(key)}: ${inline(entry)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

function format(value: unknown, indent: string, prefixLength: number): string {
  const flat = inline(value);
  if (typeof value !== 'object' || value === null || indent.length + prefixLength + flat.length <= MAX_LINE) return flat;
  // Lists of numbers (slice lists) read best on one line however long they get.
  if (Array.isArray(value) && value.every((entry) => typeof entry !== 'object' || entry === null)) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((entry) => `${inner}${format(entry, inner, 0)}`).join(',\n')}\n${indent}]`;
  }
  const lines = Object.entries(value)
    .filter(([, entry]) => entry !== undefined)
    .map(([key, entry]) => {
      const prefix = `${JSON.stringify(key)}: `;
      return `${inner}${prefix}${format(entry, inner, prefix.length)}`;
    });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

export function formatJson(value: unknown): string {
  return `${format(value, '', 0)}\n`;
}
