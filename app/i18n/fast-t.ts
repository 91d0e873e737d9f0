/**
 * A faster t() for the catalogs' plain strings, in front of i18next's (issue 14: the exam page calls
 * t() about a thousand times, and i18next resolves every call through its language hierarchy,
 * about 10 µs each — a third of the page's server render). A key whose message is a plain string,
 * asked for without i18next options (or with `count` where the catalog has no plural forms of the
 * key), is looked up in a flat map and its {{variables}} replaced; everything else — plurals,
 * context, formats, nesting, missing keys or values — goes to i18next unchanged. fast-t.test.ts
 * compares both on every message of both catalogs.
 */
type Translate = (key: unknown, options?: unknown, ...rest: unknown[]) => unknown;

/** i18next's own options: a call with any of them is i18next's to answer. */
const I18NEXT_OPTIONS = new Set([
  "context",
  "replace",
  "lng",
  "lngs",
  "fallbackLng",
  "ns",
  "keySeparator",
  "nsSeparator",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "interpolation",
  "skipInterpolation",
  "ordinal",
  "keyPrefix",
]);

interface Message {
  /** the message split at its variables: text, name, text, name, … text */
  parts: string[];
}

/** `a.b.c` → message, for every plain string of the catalog; keys with plural or context forms are left out. */
function flatten(messages: object): { plain: Map<string, Message>; prefixes: Set<string> } {
  const plain = new Map<string, Message>();
  const all: string[] = [];
  const walk = (node: object, prefix: string) => {
    for (const [name, value] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${name}` : name;
      if (value !== null && typeof value === "object") walk(value as object, key);
      else if (typeof value === "string") {
        all.push(key);
        const parts = value.split(/\{\{(.+?)\}\}/);
        // formats ({{x, number}}), unescaped ({{- x}}), nested paths ({{a.b}}) and $t() nesting stay with i18next
        const simple = !value.includes("$t(") && parts.every((p, i) => i % 2 === 0 || /^\s*[A-Za-z_$][\w$]*\s*$/.test(p));
        if (simple && !key.includes(":")) plain.set(key, { parts: parts.map((p, i) => (i % 2 === 1 ? p.trim() : p)) });
      }
    }
  };
  walk(messages, "");
  // a key that has forms (key_one, key_other, key_male…) is resolved by i18next
  const prefixes = new Set<string>();
  for (const key of all) {
    const at = key.lastIndexOf("_");
    if (at > 0) prefixes.add(key.slice(0, at));
  }
  return { plain, prefixes };
}

export function fastTranslator(messages: object, fallback: Translate): Translate {
  const { plain, prefixes } = flatten(messages);
  return function t(key, options, ...rest) {
    if (typeof key !== "string" || rest.length) return fallback(key, options, ...rest);
    const message = plain.get(key);
    if (!message) return fallback(key, options);
    if (options === undefined) {
      if (message.parts.length === 1) return message.parts[0];
      return fallback(key, options);
    }
    if (options === null || typeof options !== "object") return fallback(key, options);
    const values = options as Record<string, unknown>;
    for (const name in values) {
      if (I18NEXT_OPTIONS.has(name) || name.startsWith("defaultValue")) return fallback(key, options);
      if (name === "count" && prefixes.has(key)) return fallback(key, options);
    }
    const { parts } = message;
    if (parts.length === 1) return parts[0];
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const value = values[parts[i]];
      if (value === undefined || value === null || (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean"))
        return fallback(key, options);
      out += String(value) + parts[i + 1];
    }
    return out;
  };
}
