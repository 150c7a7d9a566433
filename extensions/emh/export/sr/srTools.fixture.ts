/**
 * Runs the two reference validators on an SR file: dciodvfy (dicom3tools) checks the IOD,
 * dsrdump (dcmtk) parses the content tree against the SR relationship constraints. Either
 * may be missing on a machine; the caller then skips with the reason.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun {
  readonly status: number | null;
  /** stdout and stderr together, as lines. */
  readonly lines: readonly string[];
  readonly stdout: string;
}

/** Null when the tool is not installed. */
export function runTool(command: string, args: readonly string[]): ToolRun | null {
  const result = spawnSync(command, [...args], { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  const text = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  return { status: result.status, lines: text.split('\n').filter((l) => l.trim() !== ''), stdout: result.stdout ?? '' };
}

export function writeTemp(bytes: Uint8Array, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'emh-sr-')), name);
  writeFileSync(path, bytes);
  return path;
}

export const missingTool = (tool: string, pkg: string) =>
  `${tool} is not installed (Debian package ${pkg}); not checked`;
