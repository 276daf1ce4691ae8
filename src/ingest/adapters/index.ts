/**
 * The adapter registry used by `moat convert --from NAME`. One adapter a folder under
 * src/ingest/adapters/<format>/; add each here.
 */
import type { Adapter } from '../../core/adapter.js';

export const adapters: Adapter[] = [];
