/**
 * Reads a scan directory (accounts.jsonl, campaigns.json, optional summary.json/stats.json)
 * into a ScanResult, validating every record. A bad account line or campaign entry is skipped
 * and listed (file:line and reason); a missing or unparseable file is an error with one clear line.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AccountVerdict, Campaign, ScanResult } from '../core/verdict.js';
import { AccountVerdictSchema, CampaignSchema, CampaignsFileSchema, StatsSchema, firstIssue } from './input-schema.js';

export const SCAN_FILES = {
  accounts: 'accounts.jsonl',
  campaigns: 'campaigns.json',
  summary: ['summary.json', 'stats.json'],
} as const;

/** Bounds on what the report reads. */
export const LOAD_LIMITS = { maxLineBytes: 1 << 20, maxJsonBytes: 512 << 20, maxProblemsListed: 100 };

export interface InputProblem {
  /** `file:line` for accounts.jsonl, `file#index` for campaigns.json. */
  where: string;
  reason: string;
}

export interface LoadedScan {
  scan: ScanResult;
  problems: InputProblem[];
  /** All problems counted, including those beyond maxProblemsListed. */
  problemCount: number;
}

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

async function readJsonFile(path: string, required: boolean): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    if (required) throw new ReportInputError(`${path}: missing (expected the output of \`moat scan --out DIR\`)`);
    return undefined;
  }
  if (size > LOAD_LIMITS.maxJsonBytes) throw new ReportInputError(`${path}: ${size} bytes exceeds the ${LOAD_LIMITS.maxJsonBytes}-byte limit`);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

/**
 * @example const { scan, problems } = await loadScanDir('/tmp/med-scan');
 */
export async function loadScanDir(dir: string): Promise<LoadedScan> {
  const problems: InputProblem[] = [];
  let problemCount = 0;
  const note = (where: string, reason: string) => {
    problemCount++;
    if (problems.length < LOAD_LIMITS.maxProblemsListed) problems.push({ where, reason });
  };

  const campaignsPath = join(dir, SCAN_FILES.campaigns);
  const rawCampaigns = await readJsonFile(campaignsPath, true);
  const list = CampaignsFileSchema.safeParse(rawCampaigns);
  if (!list.success) throw new ReportInputError(`${campaignsPath}: expected a JSON array of campaigns`);
  const campaigns: Campaign[] = [];
  list.data.forEach((c, i) => {
    const r = CampaignSchema.safeParse(c);
    if (r.success) campaigns.push(r.data as Campaign);
    else note(`${SCAN_FILES.campaigns}#${i}`, firstIssue(r.error));
  });

  const accountsPath = join(dir, SCAN_FILES.accounts);
  try {
    await stat(accountsPath);
  } catch {
    throw new ReportInputError(`${accountsPath}: missing (expected the output of \`moat scan --out DIR\`)`);
  }
  const accounts: AccountVerdict[] = [];
  const rl = createInterface({ input: createReadStream(accountsPath, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    const where = `${SCAN_FILES.accounts}:${lineNo}`;
    if (line.length > LOAD_LIMITS.maxLineBytes) {
      note(where, `line longer than ${LOAD_LIMITS.maxLineBytes} characters`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      note(where, 'not valid JSON');
      continue;
    }
    const r = AccountVerdictSchema.safeParse(value);
    if (r.success) accounts.push(r.data as AccountVerdict);
    else note(where, firstIssue(r.error));
  }

  let stats: ScanResult['stats'] = { exchanges: 0, accounts: accounts.length, quarantined: 0, first_ts: null, last_ts: null };
  for (const name of SCAN_FILES.summary) {
    const raw = await readJsonFile(join(dir, name), false);
    if (raw === undefined) continue;
    // summary.json may hold the stats at top level or under `stats`.
    const candidate = typeof raw === 'object' && raw !== null && 'stats' in raw ? (raw as { stats: unknown }).stats : raw;
    const r = StatsSchema.safeParse(candidate);
    if (!r.success) {
      note(name, firstIssue(r.error));
      continue;
    }
    stats = {
      ...stats,
      ...r.data,
      exchanges: r.data.exchanges ?? stats.exchanges,
      accounts: r.data.accounts ?? stats.accounts,
      quarantined: r.data.quarantined ?? stats.quarantined,
      first_ts: r.data.first_ts ?? stats.first_ts,
      last_ts: r.data.last_ts ?? stats.last_ts,
    };
    break;
  }
  if (stats.exchanges === 0) stats.exchanges = accounts.reduce((s, a) => s + (a.exchanges ?? 0), 0);
  return { scan: { accounts, campaigns, stats }, problems, problemCount };
}
