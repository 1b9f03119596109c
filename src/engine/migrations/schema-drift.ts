import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AeroError } from '../errors/aero-error.js';
import { diffSchemas, draftOpsFromDiff } from '../schema/schema-diff.js';
import type { AppliedSchema, CollectionSchema, SchemaOp } from '../types.js';
import { listSchemaFiles, schemaFileName } from './schema-files.js';

export interface SchemaDriftEntry {
  file: string;
  collection: string;
  /** changed: file differs from the applied schema; missing: applied, no file; added: file, no applied collection; unreadable: not JSON */
  kind: 'changed' | 'missing' | 'added' | 'unreadable';
  /** one line per difference, field by field */
  changes: string[];
}

export interface SchemaDrift {
  clean: boolean;
  entries: SchemaDriftEntry[];
  /** the command that turns the drift into a migration (null when clean) */
  fix: string | null;
}

interface EditedSchemas {
  schemas: CollectionSchema[];
  unreadable: SchemaDriftEntry[];
}

/** Compares schemas/*.json (the reviewed snapshot) with the applied schemas, field by field. */
export function computeSchemaDrift(dir: string, applied: readonly AppliedSchema[]): SchemaDrift {
  const edited = readEditedSchemas(dir);
  const entries: SchemaDriftEntry[] = [...edited.unreadable];
  const unreadable = new Set(edited.unreadable.map((e) => e.file));
  const editedByName = new Map(edited.schemas.map((s) => [s.collection, s] as const));
  for (const schema of applied) {
    const file = schemaFileName(schema.collection);
    if (unreadable.has(file)) continue;
    if (!existsSync(join(dir, file))) entries.push({ file, collection: schema.collection, kind: 'missing', changes: [`${file} is missing (the collection is applied)`] });
  }
  const appliedNames = new Set(applied.map((s) => s.collection));
  for (const schema of edited.schemas) {
    if (!appliedNames.has(schema.collection)) {
      entries.push({ file: schemaFileName(schema.collection), collection: schema.collection, kind: 'added', changes: [`collection ${schema.collection} is not applied`] });
    }
  }
  const changes = diffSchemas(
    applied.filter((s) => editedByName.has(s.collection)),
    edited.schemas.filter((s) => appliedNames.has(s.collection)),
  );
  for (const schema of applied) {
    const lines = changes.filter((c) => c.collection === schema.collection).map((c) => c.message);
    if (lines.length > 0) entries.push({ file: schemaFileName(schema.collection), collection: schema.collection, kind: 'changed', changes: lines });
  }
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const clean = entries.length === 0;
  return { clean, entries, fix: clean ? null : 'make the edit real: aerodb migrate new NAME --from-schemas (drafts a migration to review and apply); or discard it: git checkout -- schemas/' };
}

/** The `up`/`down` ops that turn the applied schemas into the edited schemas/*.json. */
export function draftMigrationFromSchemaFiles(dir: string, applied: readonly AppliedSchema[]): { up: SchemaOp[]; down: SchemaOp[] } {
  const edited = readEditedSchemas(dir);
  if (edited.unreadable.length > 0) {
    const first = edited.unreadable[0]!;
    throw new AeroError('AERO_SCHEMA_INVALID', `schemas/${first.changes[0]}`, {
      details: { file: `schemas/${first.file}`, pointer: '' },
      hint: 'Fix the JSON of the file (or restore it with `git checkout -- schemas/`), then draft again.',
    });
  }
  return draftOpsFromDiff(applied, edited.schemas);
}

function readEditedSchemas(dir: string): EditedSchemas {
  const schemas: CollectionSchema[] = [];
  const unreadable: SchemaDriftEntry[] = [];
  for (const file of listSchemaFiles(dir)) {
    const collection = file.slice(0, -'.json'.length);
    try {
      const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CollectionSchema & { schema_version?: number };
      const { schema_version: _ignored, ...schema } = parsed;
      schemas.push(schema);
    } catch (err) {
      unreadable.push({ file, collection, kind: 'unreadable', changes: [`${file} is not valid JSON: ${(err as Error).message}`] });
    }
  }
  return { schemas, unreadable };
}
