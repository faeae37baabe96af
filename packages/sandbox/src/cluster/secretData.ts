import { BadRequestError, KubeObject } from './types';

const BASE64_ALPHABET = /[A-Za-z0-9+/]/;

/**
 * The offset Go's base64 decoder reports for a value that is not standard, padded base64, or
 * undefined when the value decodes.
 */
function invalidBase64Offset(value: string): number | undefined {
  const body = value.replace(/={1,2}$/, '').length;
  for (let i = 0; i < body; i++) {
    if (!BASE64_ALPHABET.test(value[i])) {
      return i;
    }
  }
  if (value.length % 4 !== 0) {
    return value.length - (value.length % 4);
  }
  return undefined;
}

/**
 * Does to a Secret what the API server does on every write: `stringData` entries are encoded
 * into `data` (overriding keys present in both) and dropped, `type` defaults to `Opaque`, and a
 * `data` value that is not base64 is refused with the decoder's 400.
 */
export function normalizeSecret(secret: KubeObject): void {
  const data = (secret.data ?? {}) as Record<string, unknown>;
  for (const value of Object.values(data)) {
    const offset = typeof value === 'string' ? invalidBase64Offset(value) : 0;
    if (offset !== undefined) {
      throw new BadRequestError(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`,
      );
    }
  }
  const stringData = secret.stringData as Record<string, unknown> | undefined;
  if (stringData && typeof stringData === 'object') {
    for (const [key, value] of Object.entries(stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete secret.stringData;
  if (Object.keys(data).length > 0) {
    secret.data = data;
  }
  secret.type ??= 'Opaque';
}
