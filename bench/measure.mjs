// Whole-process measurements through bench/rusage.py: wall time and peak RSS as the OS accounts
// them for the child (wait4), with no Node start-up in between. Interleaved runs, medians.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs `commands` ({name, argv, env, stdout?}) interleaved `runs` times; returns per name
 * {ms: median wall ms, cpuMs: median user+system ms, rssMiB: median peak RSS, all: raw rows}. Throws when a run fails.
 */
export function measure(commands, runs) {
  const r = spawnSync('python3', [join(here, 'rusage.py')], {
    input: JSON.stringify({ runs, commands }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench/rusage.py failed: ${r.stderr}`);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const out = {};
  for (const c of commands) {
    const mine = rows.filter((x) => x.name === c.name);
    const bad = mine.find((x) => x.status !== (c.status ?? 0));
    if (bad) throw new Error(`${c.name}: exit ${bad.status} (${c.argv.join(' ')})`);
    out[c.name] = { ms: median(mine.map((x) => x.ms)), cpuMs: median(mine.map((x) => x.cpuMs)), rssMiB: median(mine.map((x) => x.rssKiB)) / 1024, all: mine };
  }
  return out;
}

/** One Markdown table row: | label | go | ts | ratios |, wall time with CPU (user+system) time beside it. */
export function row(label, go, ts) {
  const t = (x) => `${(x.ms / 1000).toFixed(2)} s (CPU ${(x.cpuMs / 1000).toFixed(2)} s)`;
  return (
    `| ${label} | ${t(go)}, ${go.rssMiB.toFixed(1)} MiB | ${t(ts)}, ${ts.rssMiB.toFixed(1)} MiB | ` +
    `${(ts.ms / go.ms).toFixed(2)}× time (CPU ${(ts.cpuMs / go.cpuMs).toFixed(2)}×), ${(ts.rssMiB / go.rssMiB).toFixed(2)}× memory |`
  );
}
