import { AeroError } from '../engine/errors/aero-error.js';
import { jsonSyntaxError } from '../server/http/json-syntax-error.js';
import type { Explain } from '../engine/query/explain-types.js';
import type { Query } from '../engine/types.js';
import { withProject, type ProjectOptions } from './project-session.js';

export interface ExplainOptions extends ProjectOptions {
  collection: string;
  /** the query object as JSON text (SPEC §5) */
  query: string;
  analyze?: boolean;
}

/** `aerodb explain`: the engine's plan for a query (and its measured run with analyze). */
export async function explainQuery(options: ExplainOptions): Promise<Explain> {
  const query = parseQueryText(options.query);
  return withProject(options, (source) => source.explain(options.collection, query, { analyze: options.analyze ?? false }));
}

export function parseQueryText(text: string): Query {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const syntax = jsonSyntaxError(text, 'query argument', err);
    throw new AeroError(syntax.code, syntax.message, {
      details: syntax.details,
      hint: `Quote the query for your shell, e.g. '{"filter":{"status":"published"},"limit":20}'.`,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AeroError('AERO_QUERY_INVALID', 'the query must be a JSON object like {"filter":{...},"limit":20}', { details: { query: text } });
  }
  return parsed as Query;
}
