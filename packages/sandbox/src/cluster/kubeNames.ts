/** Kubernetes timestamps have second precision: `2024-05-01T10:00:00Z`. */
export function kubeTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The alphabet Kubernetes uses for generated name suffixes: no vowels, no look-alike digits.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix as in generateName and pod names (`web-7d9f8c6b5-x2k4p`). */
export function randomNameSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  }
  return out;
}
