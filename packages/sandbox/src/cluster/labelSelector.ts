/**
 * Parser and matcher for the Kubernetes label selector string syntax, as accepted by the
 * `labelSelector` query parameter of list calls.
 */

/** One requirement of a selector; all requirements of a selector must hold (comma means AND). */
export type LabelRequirement =
  | { key: string; operator: 'equals' | 'notEquals'; value: string }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesNotExist' };

/** Thrown for a selector string the real API server would reject with 400 BadRequest. */
export class LabelSelectorParseError extends Error {
  name = 'LabelSelectorParseError';
}

// A qualified label key: optional DNS subdomain prefix and a name of up to 63 characters.
const KEY_PATTERN =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE_PATTERN = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function checkKey(key: string, selector: string): string {
  if (!KEY_PATTERN.test(key)) {
    throw new LabelSelectorParseError(
      `unable to parse requirement: invalid label key "${key}" in selector "${selector}"`,
    );
  }
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!VALUE_PATTERN.test(value)) {
    throw new LabelSelectorParseError(
      `unable to parse requirement: invalid label value "${value}" in selector "${selector}"`,
    );
  }
  return value;
}

/** Splits on commas that are not inside a parenthesised value set. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) {
      throw new LabelSelectorParseError(
        `unbalanced parentheses in selector "${selector}"`,
      );
    }
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) {
    throw new LabelSelectorParseError(
      `unbalanced parentheses in selector "${selector}"`,
    );
  }
  parts.push(current);
  return parts;
}

function parseRequirement(raw: string, selector: string): LabelRequirement {
  const part = raw.trim();
  if (!part) {
    throw new LabelSelectorParseError(
      `found empty requirement in selector "${selector}"`,
    );
  }

  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (setMatch) {
    const values = setMatch[3]
      .split(',')
      .map(v => v.trim())
      .map(v => checkValue(v, selector));
    return {
      key: checkKey(setMatch[1], selector),
      operator: setMatch[2] as 'in' | 'notin',
      values,
    };
  }

  const compareMatch = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part);
  if (compareMatch) {
    return {
      key: checkKey(compareMatch[1], selector),
      operator: compareMatch[2] === '!=' ? 'notEquals' : 'equals',
      value: checkValue(compareMatch[3], selector),
    };
  }

  const notExists = /^!\s*(\S+)$/.exec(part);
  if (notExists) {
    return { key: checkKey(notExists[1], selector), operator: 'doesNotExist' };
  }

  if (/^\S+$/.test(part)) {
    return { key: checkKey(part, selector), operator: 'exists' };
  }

  throw new LabelSelectorParseError(
    `unable to parse requirement "${part}" in selector "${selector}"`,
  );
}

/**
 * Parses a selector such as `app=web,tier in (a,b),!canary`. An empty or blank selector
 * selects everything and parses to no requirements.
 */
export function parseLabelSelector(
  selector: string | undefined,
): LabelRequirement[] {
  if (selector === undefined || selector.trim() === '') {
    return [];
  }
  return splitTopLevel(selector).map(part => parseRequirement(part, selector));
}

/** True when the labels satisfy every requirement. */
export function matchesLabelRequirements(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const present = labels ?? {};
  return requirements.every(req => {
    const has = Object.prototype.hasOwnProperty.call(present, req.key);
    const value = present[req.key];
    switch (req.operator) {
      case 'equals':
        return has && value === req.value;
      case 'notEquals':
        return !has || value !== req.value;
      case 'in':
        return has && req.values.includes(value);
      case 'notin':
        return !has || !req.values.includes(value);
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** Parses and matches in one step; throws LabelSelectorParseError for a malformed selector. */
export function matchesLabelSelector(
  selector: string | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabelRequirements(parseLabelSelector(selector), labels);
}

/** Turns a structured `matchLabels` selector (as in a Deployment spec) into requirements. */
export function requirementsFromMatchLabels(
  matchLabels: Record<string, string> | undefined,
): LabelRequirement[] {
  return Object.entries(matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'equals' as const,
    value,
  }));
}
