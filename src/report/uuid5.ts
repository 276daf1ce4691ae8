/**
 * RFC 4122 name-based UUID, version 5 (SHA-1). STIX 2.1 recommends v5 ids so that the same
 * content always gets the same id: re-running a report yields a bundle that de-duplicates.
 */
import { createHash } from 'node:crypto';

function parseUuid(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`uuid5: bad namespace uuid ${JSON.stringify(uuid)}`);
  return Buffer.from(hex, 'hex');
}

/**
 * @example uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuid5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(parseUuid(namespace)).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
