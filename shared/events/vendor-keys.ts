/**
 * Vendor API keys for the push endpoints. A key is `llk_<keyId>_<secret>`:
 * the key id finds the record, and only the SHA-256 of the whole key is
 * stored, compared in constant time. The key itself is shown once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface VendorKeyRecord {
  keyId: string;
  programId: string;
  /** SHA-256 of the whole key, hex. */
  keyHash: string;
  createdAt: string;
}

export interface VendorKeyStore {
  putVendorKey(record: VendorKeyRecord): Promise<void>;
  getVendorKey(keyId: string): Promise<VendorKeyRecord | undefined>;
}

/** The header a vendor sends its key in. */
export const VENDOR_KEY_HEADER = 'x-lablink-key';

const KEY_FORMAT = /^llk_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export const hashVendorKey = (key: string) =>
  createHash('sha256').update(key).digest('hex');

/** Makes a key for a program and stores its hash; returns the key (shown once). */
export async function createVendorKey(
  store: VendorKeyStore,
  programId: string,
  now: Date = new Date(),
): Promise<{ key: string; record: VendorKeyRecord }> {
  const keyId = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  const key = `llk_${keyId}_${randomBytes(32).toString('base64url')}`;
  const record = {
    keyId,
    programId,
    keyHash: hashVendorKey(key),
    createdAt: now.toISOString(),
  };
  await store.putVendorKey(record);
  return { key, record };
}

/** The program a presented key belongs to, or undefined for any bad key. */
export async function verifyVendorKey(
  store: VendorKeyStore,
  presented: string | undefined,
): Promise<string | undefined> {
  const match = presented ? KEY_FORMAT.exec(presented) : null;
  if (!presented || !match) return undefined;
  const record = await store.getVendorKey(match[1] as string);
  if (!record) return undefined;
  const expected = Buffer.from(record.keyHash, 'hex');
  const actual = Buffer.from(hashVendorKey(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual)
    ? record.programId
    : undefined;
}
