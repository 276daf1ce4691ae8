/**
 * Capability decision from per-capability evidence scores (keywords from the lexicon plus
 * structural boosts: tools, tool messages, code blocks, math notation, conversation length).
 */
import { CAPABILITIES, type Capability } from './types.js';
import { CAP_INDEX } from './lexicon.js';

/** A capability with at least this score is listed in `capabilities`. */
export const CAP_LIST_MIN = 2;

/** Structural evidence about one exchange. */
export interface Structure {
  toolCount: number;
  toolMessages: number;
  codeBlocks: number;
  mathMarks: number;
  turns: number;
  totalChars: number;
  agentSystem: boolean;
}

/**
 * Adds structural boosts to a score array (indexed by CAP_INDEX).
 * @example boostStructure(scores, { toolCount: 2, toolMessages: 0, codeBlocks: 0, mathMarks: 0, turns: 1, totalChars: 50, agentSystem: false })
 */
export function boostStructure(scores: Int32Array, s: Structure): void {
  if (s.toolCount > 0) scores[CAP_INDEX.tool_use] += 3;
  if (s.toolMessages > 0 || s.agentSystem || s.toolCount >= 4) scores[CAP_INDEX.agentic] += 3;
  if (s.toolMessages >= 3) scores[CAP_INDEX.long_horizon] += 2;
  if (s.codeBlocks > 0) scores[CAP_INDEX.coding] += 3;
  if (s.mathMarks >= 2) scores[CAP_INDEX.math] += 2;
  else if (s.mathMarks === 1) scores[CAP_INDEX.math] += 1;
  if (s.turns >= 12 || s.totalChars >= 24000) scores[CAP_INDEX.long_horizon] += 3;
}

/** Precomputed score index of each capability in priority order. */
const PRIORITY_INDEX = CAPABILITIES.map((c) => CAP_INDEX[c]);

/**
 * Primary capability and the list of all detected ones.
 * @example decideCapabilities(Int32Array.of(3, 0, 0, 0, 0, 0, 0, 0, 0, 0)) // { capability: 'coding', capabilities: ['coding'] }
 */
export function decideCapabilities(scores: Int32Array): { capability: Capability; capabilities: Capability[] } {
  let best = -1;
  let bestScore = 0;
  for (let k = 0; k < PRIORITY_INDEX.length; k++) {
    const v = scores[PRIORITY_INDEX[k]];
    if (v > bestScore) {
      bestScore = v;
      best = k;
    }
  }
  if (best < 0) return { capability: 'other', capabilities: ['other'] };
  const capability = CAPABILITIES[best];
  const capabilities: Capability[] = [capability];
  for (let k = 0; k < PRIORITY_INDEX.length; k++) {
    if (k !== best && scores[PRIORITY_INDEX[k]] >= CAP_LIST_MIN) capabilities.push(CAPABILITIES[k]);
  }
  return { capability, capabilities };
}
