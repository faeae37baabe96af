import fs from 'node:fs';

/** A process as /proc shows it. */
export interface ProcessEntry {
  pid: number;
  /** The command name (`java`, `kc.sh`, …). */
  comm: string;
  /** One letter: R, S, D, Z (zombie), … */
  state: string;
  ppid: number;
  pgid: number;
}

/** Resident memory of one process, from /proc/<pid>/status (KiB). */
export interface ProcessMemory {
  pid: number;
  rssKiB: number;
  peakRssKiB: number;
}

/** Reads /proc/<pid>/stat; undefined when the process is gone. */
export function readProcess(pid: number): ProcessEntry | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    pid,
    comm: stat.slice(stat.indexOf('(') + 1, close),
    state: fields[0],
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
  };
}

/** Whether a process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const entry = readProcess(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** Whether /proc still lists the process (a zombie counts: it has not been reaped). */
export function isListed(pid: number): boolean {
  return fs.existsSync(`/proc/${pid}`);
}

function allProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readProcess(Number(name));
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The running (not zombie) processes of a process group. */
export function groupMembers(pgid: number): ProcessEntry[] {
  return allProcesses().filter(p => p.pgid === pgid && p.state !== 'Z');
}

/** Every running descendant of a process (children, their children, …). */
export function descendants(pid: number): ProcessEntry[] {
  const all = allProcesses().filter(p => p.state !== 'Z');
  const found: ProcessEntry[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** Current and peak resident memory of a process; undefined when it is gone. */
export function memoryOf(pid: number | undefined): ProcessMemory | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { pid, rssKiB: field('VmRSS'), peakRssKiB: field('VmHWM') };
  } catch {
    return undefined;
  }
}
