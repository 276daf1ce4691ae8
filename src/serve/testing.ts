/**
 * Test helpers shared by the serve tests: an app over a memory store with a settable clock.
 */
import { createEnforcer } from '../enforce/decide.js';
import { parsePolicy } from '../enforce/policy.js';
import { createMemoryStore } from '../store/memory.js';
import type { StateStore } from '../store/store.js';
import { buildServeApp } from './app.js';
import { createKeyResolver } from './identity.js';
import type { CallObserver } from './observe.js';

export const TEST_SECRET = 'test-secret';

export function testApp(options: { policy?: string; keys?: { key: string; account: string }[]; store?: StateStore; adminToken?: string; observer?: CallObserver } = {}) {
  const store = options.store ?? createMemoryStore();
  const policy = parsePolicy(options.policy ?? '');
  const enforcer = createEnforcer({ store, policy });
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const keys = createKeyResolver({ keys: options.keys ?? [] }, TEST_SECRET);
  const app = buildServeApp({ enforcer, store, policy, keys, clock: () => clock.now, adminToken: options.adminToken, observer: options.observer });
  return { app, store, enforcer, clock, keys };
}
