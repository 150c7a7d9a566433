/**
 * How much CPU other processes took while a run was measured. On a 2-core machine a
 * concurrent build or test run skews timings badly, and the load average cannot tell
 * that apart from the bench's own browser. Linux /proc only; elsewhere it reports nothing.
 *
 * other cores = (busy ticks of the whole machine - ticks of this process and its
 * descendants, i.e. the bench's Chromium) / ticks per core over the interval.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Sample {
  busy: number;
  total: number;
  own: number;
}

function cpuTicks(): { busy: number; total: number; cores: number } {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = lines[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const busy = total - fields[3] - fields[4];
  const cores = lines.filter((l) => /^cpu\d+ /.test(l)).length;
  return { busy, total, cores };
}

/** utime + stime of `root` and every descendant still alive. */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid ... utime(14) stime(15).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(rest[1]));
      ticks.set(Number(name), Number(rest[11]) + Number(rest[12]));
    } catch {
      // The process exited between readdir and read.
    }
  }
  const isOwn = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) if (isOwn(pid)) sum += t;
  return sum;
}

export class ContentionMeter {
  private start?: Sample;
  private startOk = true;

  begin(): void {
    try {
      const { busy, total } = cpuTicks();
      this.start = { busy, total, own: treeTicks(process.pid) };
    } catch {
      this.startOk = false;
    }
  }

  /** Average number of cores other processes kept busy since begin(); undefined off Linux. */
  end(): number | undefined {
    if (!this.start || !this.startOk) return undefined;
    try {
      const { busy, total, cores } = cpuTicks();
      const own = treeTicks(process.pid);
      const perCore = (total - this.start.total) / cores;
      if (perCore <= 0) return undefined;
      return Math.max(0, (busy - this.start.busy - (own - this.start.own)) / perCore);
    } catch {
      return undefined;
    }
  }
}

/**
 * Waits (bounded) until other processes leave the CPU nearly idle, so a run does not start
 * in the middle of someone's build. Returns the last sample; the run goes ahead either way.
 */
export async function waitForIdleCpu(maxWaitMs: number, thresholdCores = 0.2, sampleMs = 1_000): Promise<number | undefined> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const meter = new ContentionMeter();
    meter.begin();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const other = meter.end();
    if (other === undefined || other < thresholdCores || Date.now() >= deadline) return other;
  }
}
