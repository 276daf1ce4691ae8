#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
let main;
try {
  main = await import('../dist/cli/main.js');
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('moat: not built yet; run `npm run build` first');
    process.exit(2);
  }
  throw err;
}
await main.run(process.argv);
