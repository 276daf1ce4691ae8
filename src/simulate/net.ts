/**
 * Network and client identity for simulated traffic: autonomous systems with plausible address
 * blocks, countries with UTC offsets, and SDK user-agent strings. The ASNs are real numbers of the
 * named operators; the address blocks are plausible, not an authoritative allocation table.
 */
import type { Rng } from './rng.js';
import { flat } from './strings.js';

export type AsnKind = 'residential' | 'mobile' | 'cloud' | 'vpn' | 'university' | 'business';

export interface Asn {
  asn: number;
  name: string;
  country: string;
  kind: AsnKind;
  /** First two octets of the block that simulated addresses are drawn from. */
  prefix: readonly [number, number];
}

export const ASNS: readonly Asn[] = [
  { asn: 7922, name: 'Comcast', country: 'US', kind: 'residential', prefix: [73, 158] },
  { asn: 7018, name: 'AT&T', country: 'US', kind: 'residential', prefix: [99, 36] },
  { asn: 701, name: 'Verizon', country: 'US', kind: 'residential', prefix: [71, 171] },
  { asn: 20115, name: 'Charter', country: 'US', kind: 'residential', prefix: [47, 150] },
  { asn: 21928, name: 'T-Mobile US', country: 'US', kind: 'mobile', prefix: [172, 58] },
  { asn: 3320, name: 'Deutsche Telekom', country: 'DE', kind: 'residential', prefix: [91, 61] },
  { asn: 3209, name: 'Vodafone DE', country: 'DE', kind: 'residential', prefix: [88, 70] },
  { asn: 2856, name: 'BT', country: 'GB', kind: 'residential', prefix: [86, 140] },
  { asn: 5089, name: 'Virgin Media', country: 'GB', kind: 'residential', prefix: [82, 31] },
  { asn: 3215, name: 'Orange FR', country: 'FR', kind: 'residential', prefix: [90, 24] },
  { asn: 1136, name: 'KPN', country: 'NL', kind: 'residential', prefix: [145, 131] },
  { asn: 55836, name: 'Reliance Jio', country: 'IN', kind: 'mobile', prefix: [49, 36] },
  { asn: 24560, name: 'Bharti Airtel', country: 'IN', kind: 'residential', prefix: [122, 171] },
  { asn: 4134, name: 'China Telecom', country: 'CN', kind: 'residential', prefix: [113, 88] },
  { asn: 4837, name: 'China Unicom', country: 'CN', kind: 'residential', prefix: [123, 112] },
  { asn: 2516, name: 'KDDI', country: 'JP', kind: 'residential', prefix: [106, 154] },
  { asn: 4713, name: 'NTT OCN', country: 'JP', kind: 'residential', prefix: [153, 139] },
  { asn: 4766, name: 'Korea Telecom', country: 'KR', kind: 'residential', prefix: [121, 134] },
  { asn: 28573, name: 'Claro BR', country: 'BR', kind: 'residential', prefix: [177, 95] },
  { asn: 812, name: 'Rogers', country: 'CA', kind: 'residential', prefix: [99, 230] },
  { asn: 1221, name: 'Telstra', country: 'AU', kind: 'residential', prefix: [120, 148] },
  { asn: 9506, name: 'Singtel', country: 'SG', kind: 'residential', prefix: [116, 86] },
  { asn: 45899, name: 'VNPT', country: 'VN', kind: 'residential', prefix: [113, 176] },
  { asn: 16509, name: 'Amazon AWS', country: 'US', kind: 'cloud', prefix: [3, 91] },
  { asn: 14618, name: 'Amazon AES', country: 'US', kind: 'cloud', prefix: [54, 160] },
  { asn: 15169, name: 'Google Cloud', country: 'US', kind: 'cloud', prefix: [34, 121] },
  { asn: 8075, name: 'Microsoft Azure', country: 'US', kind: 'cloud', prefix: [20, 42] },
  { asn: 24940, name: 'Hetzner', country: 'DE', kind: 'cloud', prefix: [65, 108] },
  { asn: 16276, name: 'OVH', country: 'FR', kind: 'cloud', prefix: [51, 77] },
  { asn: 14061, name: 'DigitalOcean', country: 'US', kind: 'cloud', prefix: [164, 92] },
  { asn: 45102, name: 'Alibaba Cloud', country: 'SG', kind: 'cloud', prefix: [47, 74] },
  { asn: 9009, name: 'M247 (VPN exits)', country: 'NL', kind: 'vpn', prefix: [146, 70] },
  { asn: 212238, name: 'Datacamp (VPN exits)', country: 'GB', kind: 'vpn', prefix: [156, 146] },
  { asn: 60068, name: 'CDN77 (VPN exits)', country: 'US', kind: 'vpn', prefix: [89, 187] },
  { asn: 136787, name: 'TEFINCOM (VPN exits)', country: 'SG', kind: 'vpn', prefix: [103, 108] },
  { asn: 1103, name: 'SURFnet', country: 'NL', kind: 'university', prefix: [145, 97] },
  { asn: 786, name: 'Jisc', country: 'GB', kind: 'university', prefix: [128, 232] },
  { asn: 680, name: 'DFN', country: 'DE', kind: 'university', prefix: [141, 20] },
  { asn: 2152, name: 'CENIC', country: 'US', kind: 'university', prefix: [128, 32] },
  { asn: 4538, name: 'CERNET', country: 'CN', kind: 'university', prefix: [202, 112] },
  { asn: 3356, name: 'Lumen business', country: 'US', kind: 'business', prefix: [4, 14] },
  { asn: 6830, name: 'Liberty Global business', country: 'DE', kind: 'business', prefix: [62, 178] },
];

/** UTC offsets (hours) by country: one representative zone each, US split east/west by account. */
export const UTC_OFFSET: Readonly<Record<string, readonly number[]>> = {
  US: [-5, -6, -8],
  CA: [-5, -8],
  BR: [-3],
  GB: [0],
  FR: [1],
  DE: [1],
  NL: [1],
  IN: [5.5],
  CN: [8],
  SG: [8],
  VN: [7],
  JP: [9],
  KR: [9],
  AU: [10],
};

export function asnsOfKind(kind: AsnKind, country?: string): Asn[] {
  const all = ASNS.filter((a) => a.kind === kind);
  const local = country ? all.filter((a) => a.country === country) : [];
  return local.length > 0 ? local : all;
}

/** A pre-rendered network identity: the `"ip":…,"asn":…,"country":…` fragment of an exchange line. */
export interface Endpoint {
  ip: string;
  asn: number;
  country: string;
  /** JSON fragment starting with a comma. */
  json: string;
}

/** Build an endpoint from an ASN and the two low octets. */
export function endpoint(a: Asn, third: number, fourth: number): Endpoint {
  const ip = `${a.prefix[0]}.${a.prefix[1]}.${third & 255}.${fourth & 255}`;
  return { ip, asn: a.asn, country: a.country, json: flat(`,"ip":"${ip}","asn":${a.asn},"country":"${a.country}"`) };
}

/** A random host in a random /24 of the ASN's block. */
export function randomEndpoint(rng: Rng, a: Asn): Endpoint {
  return endpoint(a, rng.int(256), 1 + rng.int(254));
}

/** Real-looking user-agent strings of the SDKs people call LLM APIs with. */
export const SDK_USER_AGENTS: readonly string[] = [
  'OpenAI/Python 1.54.0',
  'OpenAI/Python 1.58.1',
  'OpenAI/Python 2.3.0',
  'OpenAI/JS 4.73.1',
  'OpenAI/JS 5.10.2',
  'anthropic-python/0.39.0',
  'anthropic-python/0.49.0',
  'anthropic-typescript/0.30.1',
  'anthropic-typescript/0.52.0',
  'langchain-openai/0.2.9',
  'litellm/1.52.0',
  'python-httpx/0.27.2',
  'python-requests/2.32.3',
  'axios/1.7.7',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  'Go-http-client/2.0',
];

export const CLI_USER_AGENTS: readonly string[] = ['curl/8.5.0', 'curl/7.81.0', 'HTTPie/3.2.2', 'PostmanRuntime/7.42.0'];

export const CHAT_APP_USER_AGENTS: readonly string[] = [
  'ChatClient/3.12 (iPhone; iOS 18.1)',
  'ChatClient/3.12 (Android 15)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
];

export const AGENT_USER_AGENTS: readonly string[] = [
  'claude-cli/1.0.31 (external, cli)',
  'Aider/0.68.0',
  'Cline/3.2.0',
  'opencode/0.3.1',
  'Continue/0.9.240 (vscode)',
];
