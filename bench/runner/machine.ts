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
  memory: MemoryProbe;
}

export interface MemoryProbe {
  /** MiB/s writing memory the process has not touched yet (a page fault a page)... */
  freshMiBps: number;
  /** ...and writing the same memory again. */
  touchedMiBps: number;
}

/**
 * Loading a series is mostly new memory (every file fetched, every frame decoded), and a page
 * fault's cost differs between machines of the same kind: seen here, 14 us a page on one
 * virtual machine, several times less on others. Results are read beside it.
 */
function probeMemory(): MemoryProbe {
  const bytes = 256 * 2 ** 20;
  const pages = new Uint8Array(bytes);
  const rate = (fill: number): number => {
    const start = performance.now();
    pages.fill(fill);
    return Math.round(bytes / 2 ** 20 / ((performance.now() - start) / 1000));
  };
  const freshMiBps = rate(1);
  return { freshMiBps, touchedMiBps: rate(2) };
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
    memory: probeMemory(),
  };
}

export function machineMarkdown(m: MachineInfo): string {
  return [
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.ramGiB} GiB; no GPU (Cornerstone CPU rendering on both pages)`,
    `- OS: ${m.os}; Node ${m.node}; ${m.chromium} (headless, fresh browser and profile per run)`,
    `- Memory: ${m.memory.freshMiBps} MiB/s writing fresh pages (page faults), ${m.memory.touchedMiBps} MiB/s writing them again (Node, 256 MiB)`,
  ].join('\n');
}
