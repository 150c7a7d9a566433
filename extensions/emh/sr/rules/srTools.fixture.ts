/**
 * The three reference validators the SR tests run on the reports we write: dciodvfy
 * (dicom3tools) checks the IOD, dsrdump (dcmtk) parses the content tree against the SR
 * relationship constraints, and PixelMed's DicomSRValidator checks the TID 1500 template
 * tree (units, value sets, multiplicities). Locally a missing tool skips its test with the
 * reason; with CI=true it fails the test, so a CI run never passes without them.
 */

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export interface ToolRun {
  readonly status: number | null;
  /** stdout and stderr together, as lines. */
  readonly lines: readonly string[];
  readonly stdout: string;
}

/** Null when the tool is not installed. */
export function runTool(command: string, args: readonly string[]): ToolRun | null {
  const result = spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  const text = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  return { status: result.status, lines: text.split('\n').filter((l) => l.trim() !== ''), stdout: result.stdout ?? '' };
}

export function writeTemp(bytes: Uint8Array, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'emh-sr-')), name);
  writeFileSync(path, bytes);
  return path;
}

export const missingTool = (tool: string, pkg: string) => `${tool} is not installed (Debian package ${pkg}); not checked`;

export const requiresEveryTool = () => process.env.CI === 'true';

/** Skips the test with the reason; under CI=true fails it instead. */
export function toolMissing(t: TestContext, reason: string): void {
  if (requiresEveryTool()) assert.fail(`${reason}, and CI=true requires it`);
  t.skip(reason);
}

/** dciodvfy's error lines ("Error - ..."), or null when it is not installed. */
export function dciodvfyErrors(file: string): string[] | null {
  const run = runTool('dciodvfy', [file]);
  return run && run.lines.filter((l) => /error/i.test(l));
}

// ------------------------------------------------------------------ PixelMed

export const PIXELMED_JAR = '/usr/share/java/pixelmed.jar';
const LAUNCHER = join(import.meta.dirname, '../../../../scripts/validators/PixelmedSrValidator.java');
/**
 * OpenJDK 17's default XPath limits stop PixelMed's stylesheet from compiling (JAXP0801003);
 * the deep recursion of its templates needs a larger stack.
 */
const JAVA_OPTIONS = [
  '-Djava.awt.headless=true',
  '-Djdk.xml.xpathExprGrpLimit=0',
  '-Djdk.xml.xpathExprOpLimit=0',
  '-Djdk.xml.xpathTotalOpLimit=0',
  '-Xss8m',
];

export interface PixelmedReport {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** Every line, for a failure message. */
  readonly lines: readonly string[];
}

export type PixelmedOutcome =
  | { readonly ok: true; readonly reports: ReadonlyMap<string, PixelmedReport> }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/**
 * Starts PixelMed's DicomSRValidator on the files, all in one JVM, and resolves when it is
 * done (about 10 s for a small report on an idle machine, growing with the content tree).
 * Never rejects: a missing Java or jar, or a crash, comes back as a reason.
 */
export function validateWithPixelmed(files: readonly string[]): Promise<PixelmedOutcome> {
  if (!existsSync(PIXELMED_JAR)) {
    return Promise.resolve({ ok: false, missing: true, reason: missingTool('PixelMed', 'pixelmed-apps') });
  }
  return new Promise((resolve) => {
    const child = spawn('java', [...JAVA_OPTIONS, '-cp', PIXELMED_JAR, LAUNCHER, ...files]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? { ok: false, missing: true, reason: missingTool('java', 'default-jre-headless') }
          : { ok: false, missing: false, reason: `java did not start: ${error.message}` },
      ),
    );
    child.on('close', (status) => {
      const reports = parsePixelmedOutput(stdout, files);
      if (status !== 0 || reports.size !== files.length) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-20).join('\n');
        resolve({ ok: false, missing: false, reason: `PixelMed exited with ${status}:\n${tail}` });
      } else resolve({ ok: true, reports });
    });
  });
}

function parsePixelmedOutput(stdout: string, files: readonly string[]): Map<string, PixelmedReport> {
  const reports = new Map<string, PixelmedReport>();
  const lines = stdout.split('\n');
  for (const file of files) {
    const start = lines.indexOf(`=== FILE ${file}`);
    const end = lines.indexOf(`=== END ${file}`, start);
    if (start < 0 || end < 0) continue;
    const own = lines.slice(start + 1, end).filter((l) => l.trim() !== '');
    reports.set(file, {
      errors: own.filter((l) => l.startsWith('Error')),
      warnings: own.filter((l) => l.startsWith('Warning')),
      lines: own,
    });
  }
  return reports;
}
