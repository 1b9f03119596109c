// Reading a (possibly dotted) field out of documents on hot paths: the path is split once, not per
// document (schema/field-path.ts readPath splits on every call).

export type FieldReader = (doc: Readonly<Record<string, unknown>>) => unknown;

/** Returns a function reading `path` ("meta.lang") from a document; undefined when absent. */
export function compileFieldReader(path: string): FieldReader {
  const parts = path.split('.');
  // Names like "constructor" would otherwise read Object.prototype members of a document lacking them.
  const inherited = parts.some((part) => part in Object.prototype);
  if (parts.length === 1 && !inherited) return (doc) => doc[path];
  return (doc) => {
    let cur: unknown = doc;
    for (const part of parts) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      if (inherited && !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
}
