/**
 * Start a worker thread whose module sits beside the caller, both when Moat runs compiled (dist/,
 * the CLI: the `.js` file) and from source (vitest, `node --import tsx` benchmarks: the `.ts` file,
 * with tsx's loader registered inside the worker first, since a worker does not inherit it).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * @param callerUrl the caller's `import.meta.url`
 * @param name the worker module's name without extension, in the caller's folder
 * @example const worker = startWorker(import.meta.url, 'scan-worker', { workerData });
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(url, options);
  const loader = `import(${JSON.stringify(resolveTsx(callerUrl))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(loader, { ...options, eval: true });
}

/** tsx's loader API (dev dependency; only used when running from source). */
function resolveTsx(callerUrl: string): string {
  // the package's `import` entry point sits beside the `require` one that require.resolve finds
  return pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}
