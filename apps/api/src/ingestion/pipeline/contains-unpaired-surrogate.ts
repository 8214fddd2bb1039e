/** A UTF-16 surrogate without its partner: JSON may spell one (`"\udfff"`), but PostgreSQL cannot store it as text. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when any string (key or value) in a JSON value holds an unpaired surrogate. */
export function containsUnpairedSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return UNPAIRED_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(containsUnpairedSurrogate);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (UNPAIRED_SURROGATE.test(k) || containsUnpairedSurrogate(v)) return true;
  }
  return false;
}

/** The same value with every unpaired surrogate (in keys and strings) replaced by U+FFFD, for storing what was refused. */
export function withPairedSurrogates<T>(value: T): T {
  if (typeof value === 'string') return value.replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(withPairedSurrogates) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withPairedSurrogates(k), withPairedSurrogates(v)])) as T;
  }
  return value;
}
