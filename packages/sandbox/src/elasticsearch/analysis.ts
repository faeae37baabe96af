/**
 * Elasticsearch's `standard` analyzer, as far as log lines need it: the Unicode word-break
 * tokenizer (letters, digits and `_` form words; `.` and `'` between two of them do not break,
 * so `10.0.0.1`, `registry.ops.local` and `1.0.0` stay whole; `-`, `/`, `:`, spaces break) and
 * the lowercase filter. `failed request 6 in giropops-senhas` →
 * `failed`, `request`, `6`, `in`, `giropops`, `senhas`.
 */
export function standardTokens(text: string): string[] {
  const words = text.match(/[\p{L}\p{N}_]+(?:['.][\p{L}\p{N}_]+)*/gu) ?? [];
  return words.map(word => word.toLowerCase());
}

/** Whether `phrase` occurs in `tokens` as consecutive tokens. */
export function containsPhrase(tokens: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((token, j) => tokens[i + j] === token)) return true;
  }
  return false;
}
