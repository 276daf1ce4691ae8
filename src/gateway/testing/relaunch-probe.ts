// Test helper for young-gen.test.ts: relaunches itself like `moat gateway`, then reports the
// relaunched process's node arguments and exits 7 (so the test sees the child's code come back).
// With a third argument (a file), the relaunched process instead stays up, prints READY, and
// writes that file when its parent is gone (onParentGone).
import { writeFileSync } from 'node:fs';
import { needsRelaunch, onParentGone, relaunch } from '../young-gen.js';

const mb = Number(process.argv[2]);
const marker = process.argv[4];
if (needsRelaunch(mb, process.execArgv, process.env)) process.exitCode = await relaunch(mb);
else if (marker) {
  const keepAlive = setInterval(() => {}, 1000);
  onParentGone(() => {
    writeFileSync(marker, 'parent gone');
    clearInterval(keepAlive);
  });
  console.log('READY');
} else {
  console.log(JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2) }));
  process.exitCode = 7;
}
