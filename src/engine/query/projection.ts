// The `fields` projection: a returned document holds `_id` (always, first) and exactly the listed
// fields that are present, in the listed order. Dotted paths ("meta.lang") keep their nesting. The
// result is frozen like stored documents.
import { compileFieldReader, type FieldReader } from '../index/field-reader.js';
import type { Doc } from '../types.js';

export type Projector = (doc: Doc) => Doc;

export function compileProjection(fields: readonly string[]): Projector {
  const listed = new Set(fields);
  // a field whose ancestor is also listed is already inside the ancestor's value
  const kept = fields.filter((f) => f !== '_id' && !ancestors(f).some((a) => listed.has(a)));
  const readers: Array<{ path: string[]; read: FieldReader }> = kept.map((f) => ({ path: f.split('.'), read: compileFieldReader(f) }));
  return (doc) => {
    const out: Record<string, unknown> = { _id: doc._id };
    const created: Array<Record<string, unknown>> = [];
    for (const { path, read } of readers) {
      const value = read(doc);
      if (value === undefined) continue;
      let target = out;
      for (let i = 0; i < path.length - 1; i++) {
        const part = path[i]!;
        let child = target[part] as Record<string, unknown> | undefined;
        if (!child) {
          child = {};
          target[part] = child;
          created.push(child);
        }
        target = child;
      }
      target[path[path.length - 1]!] = value;
    }
    for (const obj of created) Object.freeze(obj);
    return Object.freeze(out) as Doc;
  };
}

function ancestors(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('.'));
  return out;
}
