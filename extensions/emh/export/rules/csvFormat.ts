/**
 * RFC 4180 text that a spreadsheet opens safely. The cell's JavaScript type decides how
 * it is written: numbers are written as numbers (never neutralised, so a -12.5 HU mean
 * stays a number), strings are free text or vocabulary words and are neutralised against
 * formula injection, null is an empty cell (never 0).
 */

/** A number written with a fixed count of decimals (a % change as -25.0): still a number, never neutralised. */
export interface CsvFixedNumber {
  readonly value: number;
  readonly decimals: number;
}

export type CsvCell = string | number | boolean | CsvFixedNumber | null;

/** `value` to `decimals` places, or an empty cell for null. */
export function fixedDecimals(value: number | null, decimals: number): CsvFixedNumber | null {
  return value === null ? null : { value, decimals };
}

function formatFixed({ value, decimals }: CsvFixedNumber): string {
  if (!Number.isFinite(value)) return '';
  const text = value.toFixed(decimals);
  // -0.04 rounds to "-0.0": no change is not a decrease.
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

export const CSV_LINE_END = '\r\n';

/**
 * Excel opens a CSV without a byte order mark in the legacy code page, so "±", "²" or an
 * accented name in a note turns to mojibake; with the BOM it reads UTF-8. Other readers
 * (pandas with encoding "utf-8-sig", R, LibreOffice) skip it.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * OWASP's list (= + - @ tab carriage return), plus the full-width = + - @ that Excel in
 * East Asian locales turns into their ASCII forms and then evaluates.
 */
const FORMULA_TRIGGERS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * A leading single quote makes a spreadsheet show the text as typed instead of running it
 * (OWASP "CSV injection"). Only text comes here: a note like "-ve" reads "'-ve", which is
 * the accepted price for a note like =HYPERLINK(...) never becoming a live link.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/** Digits a double carries beyond this are noise of binary arithmetic (100.00000000000003 mm). */
const SIGNIFICANT_DIGITS = 12;

/**
 * Full precision for any clinical value (12 significant digits is below a nanometre for
 * a 10 cm lesion) without the float noise, so a spreadsheet shows 10 rather than
 * 10.000000000000004. Not a finite number means it could not be measured: an empty cell.
 */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  // Most cells (pixel counts, instance numbers, HU like 48 or 103.5) are short already, and
  // toPrecision took ~40 % of a 1,000-lesion CSV. A shortest round-trip text of at most 12 characters
  // has at most 12 significant digits, so rounding to 12 digits would give that same text
  // back (and -0 prints as "0" either way); csvFormat.test.ts checks this against the long path.
  const shortest = String(value);
  if (shortest.length <= SIGNIFICANT_DIGITS) return shortest;
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatCsvNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'object') return formatFixed(cell);
  const text = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** Header and rows, CRLF after every record (the last too), with the UTF-8 BOM in front. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [csvRecord(header)];
  for (const row of rows) lines.push(csvRecord(row));
  return UTF8_BOM + lines.join(CSV_LINE_END) + CSV_LINE_END;
}
