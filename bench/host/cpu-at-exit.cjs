// Preloaded with `node -r` into a measured process: at exit it writes the whole process's CPU time and peak memory
// to the file named by ADXI_BENCH_OUT (Node's own start-up before this preload is the only part not counted).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

/**
 * Peak memory of this process alone. On Linux `maxRSS` (getrusage) carries over the resident size the process had
 * before exec, which is the forked copy of the parent (the bench itself, tens of MB): VmHWM is this program's own.
 */
function peakRssKb(usage) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: getrusage's figure
  }
  return usage.maxRSS;
}

const out = process.env.ADXI_BENCH_OUT;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: peakRssKb(usage) }),
    );
  });
}
