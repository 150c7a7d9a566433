/** Describes the machine a result was measured on, for the header of results.md. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { CHROMIUM } from './paths';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  chromium: string;
  os: string;
  date: string;
}

export function describeMachine(): MachineInfo {
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported as unknown; the launch itself will fail loudly if Chromium is really missing.
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium: chromiumVersion,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

export function machineMarkdown(m: MachineInfo): string {
  return [
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.ramGiB} GiB; no GPU (Cornerstone CPU rendering on both pages)`,
    `- OS: ${m.os}; Node ${m.node}; ${m.chromium} (headless, fresh browser and profile per run)`,
  ].join('\n');
}
