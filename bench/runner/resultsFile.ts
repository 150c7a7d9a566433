/**
 * bench/results.md holds one section per suite between HTML comment markers, so running
 * a single suite (`--suite exports`) replaces that suite's section and keeps the others
 * instead of wiping a full run that took minutes. A kept section says when it was
 * measured; the header's machine and date are those of the latest run.
 */

export interface SuiteSection {
  readonly name: string;
  readonly markdown: string;
  /** ISO date the section was measured. */
  readonly measured: string;
  /** True for a section carried over from an earlier run. */
  readonly kept: boolean;
}

const OPEN = /^<!-- bench-suite (\S+) measured (\S+) -->$/;
const closeMarker = (name: string) => `<!-- /bench-suite ${name} -->`;
const KEPT_NOTE = /^_Kept from the run of \S+: not re-run by the command above\._$/;

/** The marked sections of an earlier results.md (unmarked text, e.g. its header, is dropped). */
export function parseSections(previous: string): SuiteSection[] {
  const sections: SuiteSection[] = [];
  const lines = previous.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) continue;
    const [, name = '', measured = ''] = open;
    const end = lines.indexOf(closeMarker(name), i + 1);
    if (end < 0) break;
    // The kept note (and the blank line before it) is written afresh by renderSection.
    const body = lines.slice(i + 1, end).filter((line, j, all) => !KEPT_NOTE.test(line) && !KEPT_NOTE.test(all[j + 1] ?? ''));
    sections.push({ name, measured, markdown: body.join('\n').trim(), kept: true });
    i = end;
  }
  return sections;
}

export function renderSection(section: SuiteSection): string {
  const lines = section.markdown.split('\n');
  // The note goes under the section's heading, where a reader looks first.
  const headingEnd = lines[0]?.startsWith('#') ? 1 : 0;
  if (section.kept) {
    lines.splice(headingEnd, 0, '', `_Kept from the run of ${section.measured}: not re-run by the command above._`);
  }
  return [`<!-- bench-suite ${section.name} measured ${section.measured} -->`, ...lines, closeMarker(section.name)].join('\n');
}

/**
 * The sections to write, in registry order: this run's, else the earlier run's. A marked
 * section no suite writes (a comparison written by hand from several runs, such as
 * thinSliceBeforeAfter) is kept where it was, after the section before it.
 */
export function mergeSections(order: readonly string[], fresh: readonly SuiteSection[], previous: readonly SuiteSection[]): SuiteSection[] {
  const merged: SuiteSection[] = [];
  for (const name of order) {
    const section = fresh.find((s) => s.name === name) ?? previous.find((s) => s.name === name);
    if (section) merged.push(section);
  }
  previous.forEach((section, i) => {
    if (order.includes(section.name)) return;
    const after = merged.findIndex((s) => s.name === previous[i - 1]?.name);
    merged.splice(after + 1, 0, { ...section, kept: false });
  });
  return merged;
}
