// Test helper for young-gen.test.ts: relaunches itself like `moat gateway`, then reports the
// relaunched process's node arguments and exits 7 (so the test sees the child's code come back).
import { needsRelaunch, relaunch } from '../young-gen.js';

const mb = Number(process.argv[2]);
if (needsRelaunch(mb, process.execArgv, process.env)) process.exitCode = await relaunch(mb);
else {
  console.log(JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2) }));
  process.exitCode = 7;
}
