/**
 * CPU time of Chromium's renderer main threads (Linux /proc): on a shared machine a task's wall
 * time (CDP's TaskDuration) includes the time the thread waited for a core, the CPU time does not.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name: ppid is [1], utime [11], stime [12]. */
function statFields(path: string): string[] | null {
  try {
    const st = readFileSync(path, 'utf8');
    return st.slice(st.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * Seconds of CPU the main threads of every renderer process started by this Node process have
 * used (a renderer's main thread is the thread whose id is the process id); NaN without /proc.
 */
export function rendererMainCpuSeconds(): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  const parent = new Map<number, number>();
  for (const d of pids) {
    const f = statFields(`/proc/${d}/stat`);
    if (f) parent.set(Number(d), Number(f[1]));
  }
  const ours = (pid: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const pid of parent.keys()) {
    if (!ours(pid)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('--type=renderer')) continue;
    const f = statFields(`/proc/${pid}/task/${pid}/stat`);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  // USER_HZ is 100 on Linux.
  return ticks / 100;
}
