/**
 * kong-ai: Kong Gateway log entries (file-log / http-log / tcp-log JSON) from routes with the
 * AI Proxy (or AI Proxy Advanced) plugin → exchanges. The AI section is `ai.proxy` in current
 * Kong (`ai.proxy.usage.prompt_tokens`, `ai.proxy.payload.request`), `ai.<plugin-name>` with
 * `usage.prompt_token` and a shared `ai.payload.request` in 3.6–3.8; both are read.
 * http-log with `max_batch_size > 1` sends an array of entries: one record, many exchanges.
 */
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import { readTools } from '../openai-chat/body.js';
import type { AdapterOptions } from '../shared/options.js';
import { accountOverride } from '../shared/options.js';
import type { Json } from '../shared/read.js';
import { asRecord, compact, derivedId, isRecord, optCount, optId, optNumber, optRecord, optString, requireAccount, toIsoTs } from '../shared/read.js';
import { Transcript } from '../shared/render.js';
import { parsePayload, requestTranscript, responseResult } from './payload.js';

export const NAME = 'kong-ai';

/** Preferred AI plugin sections, newest naming first. */
const PLUGIN_KEYS = ['proxy', 'ai-proxy', 'ai-proxy-advanced'];
const KEY_HEADERS = ['apikey', 'x-api-key', 'api-key', 'authorization'];

/**
 * Build the kong-ai adapter.
 * @example createKongAiAdapter().convert({ started_at: 1726783839538, consumer: { id: 'c1' },
 *   ai: { proxy: { usage: { prompt_tokens: 10, completion_tokens: 5 }, meta: { request_model: 'gpt-4o' } } } })
 */
export function createKongAiAdapter(options?: AdapterOptions): Adapter {
  return {
    name: NAME,
    description: 'Kong file-log/http-log entries with AI Proxy analytics (ai.proxy usage, meta, payloads)',
    convert(record: unknown): Exchange[] {
      const entries = Array.isArray(record) ? record.map((r, i) => convertEntry(r, options, `[${i}]`)) : [convertEntry(record, options, '')];
      return entries.filter((e): e is Exchange => e !== undefined);
    },
  };
}

/** One log entry; undefined for entries of routes without an AI plugin (nothing to convert). */
function convertEntry(raw: unknown, options: AdapterOptions | undefined, at: string): Exchange | undefined {
  const f = (name: string): string => (at === '' ? name : `${at}.${name}`);
  const entry = asRecord(raw, at === '' ? 'record' : at);
  const ai = optRecord(entry, 'ai', f('ai'));
  if (ai === undefined) return undefined;
  const [pluginName, plugin] = pickPlugin(ai);
  const usage = optRecord(plugin, 'usage', f(`ai.${pluginName}.usage`)) ?? {};
  const meta = optRecord(plugin, 'meta', f(`ai.${pluginName}.meta`)) ?? {};
  const payload = optRecord(plugin, 'payload', f(`ai.${pluginName}.payload`)) ?? {};
  const sharedPayload = optRecord(ai, 'payload', f('ai.payload')) ?? {};
  const reqRaw = payload.request ?? sharedPayload.request;
  const req = parsePayload(reqRaw);
  const transcript = req !== undefined ? requestTranscript(req, f('payload.request')) : new Transcript();
  const result = payload.response !== undefined ? responseResult(payload.response, f('payload.response')) : undefined;
  const request = optRecord(entry, 'request', f('request')) ?? {};
  const response = optRecord(entry, 'response', f('response')) ?? {};
  const headers = optRecord(request, 'headers', f('request.headers')) ?? {};
  const consumer = optRecord(entry, 'consumer', f('consumer'));
  const authenticated = optRecord(entry, 'authenticated_entity', f('authenticated_entity'));
  const latencies = optRecord(entry, 'latencies', f('latencies'));
  const details = optRecord(usage, 'completion_tokens_details', f(`ai.${pluginName}.usage.completion_tokens_details`));
  const reasoningTokens = details !== undefined ? optCount(details, 'reasoning_tokens') : undefined;
  const effort = req !== undefined && typeof req.reasoning_effort === 'string' ? req.reasoning_effort : undefined;
  const u = (k: string): number | undefined => optCount(usage, k, f(`ai.${pluginName}.usage.${k}`));
  const status = response.status;
  const account = requireAccount([
    accountOverride(entry, options),
    consumer !== undefined ? (optId(consumer, 'id', f('consumer.id')) ?? optString(consumer, 'username', f('consumer.username'))) : undefined,
    authenticated !== undefined ? optId(authenticated, 'consumer_id', f('authenticated_entity.consumer_id')) : undefined,
  ], at);
  return compact({
    id: optString(request, 'id', f('request.id')) ?? header(headers, 'x-kong-request-id') ?? header(optRecord(response, 'headers') ?? {}, 'x-kong-request-id') ?? derivedId('kong', raw),
    ts: toIsoTs(entry.started_at, f('started_at')),
    account,
    messages: transcript.messages,
    system: transcript.system,
    key: (authenticated !== undefined ? optId(authenticated, 'id', f('authenticated_entity.id')) : undefined) ?? rawKey(headers),
    ip: optString(entry, 'client_ip', f('client_ip')),
    user_agent: header(headers, 'user-agent'),
    model: optString(meta, 'request_model', f(`ai.${pluginName}.meta.request_model`)) ?? (req !== undefined && typeof req.model === 'string' ? req.model : undefined),
    tools: req !== undefined ? readTools(req, f('payload.request')) : undefined,
    max_tokens: req !== undefined ? (optCount(req, 'max_completion_tokens') ?? optCount(req, 'max_tokens')) : undefined,
    reasoning: effort !== undefined ? effort !== 'none' : (reasoningTokens ?? 0) > 0 ? true : undefined,
    output: result?.output,
    input_tokens: u('prompt_tokens') ?? u('prompt_token') ?? u('input_tokens'),
    output_tokens: u('completion_tokens') ?? u('completion_token') ?? u('output_tokens'),
    reasoning_tokens: reasoningTokens,
    status: typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined,
    latency_ms: latencies !== undefined ? optNumber(latencies, 'request', f('latencies.request')) : undefined,
    source: compact({
      format: NAME,
      plugin: pluginName === '' ? undefined : pluginName,
      provider: optString(meta, 'provider_name'),
      response_model: optString(meta, 'response_model'),
      request_mode: optString(meta, 'request_mode'),
      llm_latency_ms: optNumber(meta, 'llm_latency'),
      cost: optNumber(usage, 'cost'),
      consumer_username: consumer !== undefined ? optString(consumer, 'username') : undefined,
      consumer_custom_id: consumer !== undefined ? optString(consumer, 'custom_id') : undefined,
      route: isRecord(entry.route) && typeof entry.route.name === 'string' ? entry.route.name : undefined,
      service: isRecord(entry.service) && typeof entry.service.name === 'string' ? entry.service.name : undefined,
      workspace: optString(entry, 'workspace_name'),
      reasoning_effort: effort,
      payload_logged: reqRaw === undefined ? false : undefined,
      payload_unparsed: (reqRaw !== undefined && req === undefined) || (payload.response !== undefined && result === undefined) ? true : undefined,
    }),
  }) as Exchange;
}

/** The AI plugin section: `proxy` / `ai-proxy` / `ai-proxy-advanced`, else the first with usage or meta. */
function pickPlugin(ai: Json): [string, Json] {
  for (const k of PLUGIN_KEYS) if (isRecord(ai[k])) return [k, ai[k]];
  for (const [k, v] of Object.entries(ai)) if (k !== 'payload' && isRecord(v) && (isRecord(v.usage) || isRecord(v.meta))) return [k, v];
  return ['', {}];
}

/** A header value (Kong logs repeated headers as arrays). */
function header(headers: Json, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.length > 0 ? s : undefined;
}

/** A credential sent in a header, unless Kong redacted it; only ever returned for `key`. */
function rawKey(headers: Json): string | undefined {
  for (const h of KEY_HEADERS) {
    const v = header(headers, h);
    if (v === undefined || /redacted/i.test(v)) continue;
    return v.replace(/^Bearer\s+/i, '');
  }
  return undefined;
}

/** The registered instance (defaults only). */
export const kongAiAdapter: Adapter = createKongAiAdapter();
