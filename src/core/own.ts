/**
 * `record[key]` for a key that comes from the input (a directive's name, a URL's scheme, a flag): only the
 * record's own entries. A plain object literal also answers `constructor`, `toString`, `__proto__`... from
 * Object.prototype, which a config may well spell (`ProxyPass / constructor://app/`).
 */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** `record[key] = value` as an own entry for any key: a plain assignment to `__proto__` would replace the prototype instead. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
