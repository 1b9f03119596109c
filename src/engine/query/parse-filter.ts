// Parses and validates a filter (SPEC §5) into disjunctive normal form: a list of conjunctions, each
// a list of predicates. `$and` and implicit AND concatenate; `$or` multiplies (every branch gets the
// surrounding AND terms), so each conjunction can be planned on its own.
import { AeroError } from '../errors/aero-error.js';
import { compileFieldReader } from '../index/field-reader.js';
import { compareValues } from '../index/value-order.js';
import { resolveField } from '../schema/field-path.js';
import type { AppliedSchema, FieldDef } from '../types.js';
import { normaliseFilterValue } from './filter-values.js';
import { comparePredicates, type Predicate, type PredicateOp } from './predicate.js';
import { invalidQuery, jsonTypeOf, unknownField } from './query-errors.js';

/** More branches than this after distributing $or over AND is rejected (it would be a scan per branch). */
export const MAX_OR_BRANCHES = 32;

const OPERATORS = ['$eq', '$in', '$gt', '$gte', '$lt', '$lte', '$ne', '$exists'] as const;

type Conjunction = Predicate[];

class FilterParser {
  #seq = 0;
  constructor(readonly schema: AppliedSchema) {}

  parseObject(filter: unknown, where: string): Conjunction[] {
    if (!isPlainObject(filter)) {
      throw invalidQuery(`${where} must be an object of field conditions, got ${jsonTypeOf(filter)}`, null);
    }
    let result: Conjunction[] = [[]];
    for (const key of Object.keys(filter)) {
      const value = filter[key];
      if (key === '$and' || key === '$or') {
        const parts = this.#subFilters(key, value, where);
        if (key === '$and') {
          for (const part of parts) result = capped(product(result, part), where);
        } else {
          result = capped(product(result, parts.flat()), where);
        }
      } else if (key.startsWith('$')) {
        throw new AeroError('AERO_QUERY_UNKNOWN_OPERATOR', `${where} uses unknown operator "${key}"`, {
          details: { operator: key, field: null },
          hint: 'Combine conditions with $and / $or; compare fields with $eq $in $gt $gte $lt $lte $ne $exists.',
        });
      } else {
        const predicates = this.#fieldPredicates(key, value);
        result = result.map((conj) => conj.concat(predicates));
      }
    }
    return result;
  }

  #subFilters(key: string, value: unknown, where: string): Conjunction[][] {
    if (!Array.isArray(value) || value.length === 0) {
      throw invalidQuery(`${key} in ${where} must be a non-empty array of filters`, null, { operator: key });
    }
    return value.map((sub, i) => this.parseObject(sub, `${key}[${i}]`));
  }

  #fieldPredicates(field: string, value: unknown): Predicate[] {
    const def = resolveField(this.schema, field);
    if (!def) throw unknownField(this.schema, field, 'filter');
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const out: Predicate[] = [];
      for (const op of Object.keys(value)) {
        if (!op.startsWith('$')) {
          throw invalidQuery(`filter on "${field}" mixes operators and plain keys ("${op}")`, field, { key: op },
            'Use either an operator object like {"$gt": 1} or a plain value for equality.');
        }
        out.push(this.#operatorPredicate(field, def, op, value[op]));
      }
      return out;
    }
    if (isPlainObject(value) && Object.keys(value).length === 0 && def.type !== 'object') {
      throw invalidQuery(`filter on "${field}" is an empty object: give a value or an operator`, field);
    }
    return [this.#make(field, 'eq', normaliseFilterValue(field, def, value, 'equality', 'equality'))];
  }

  #operatorPredicate(field: string, def: FieldDef, op: string, operand: unknown): Predicate {
    switch (op) {
      case '$eq':
      case '$ne':
        return this.#make(field, op === '$eq' ? 'eq' : 'ne', normaliseFilterValue(field, def, operand, 'equality', op));
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.#make(field, op.slice(1) as PredicateOp, normaliseFilterValue(field, def, operand, 'range', op));
      case '$in': {
        if (!Array.isArray(operand)) {
          throw invalidQuery(`$in on "${field}" needs an array of values, got ${jsonTypeOf(operand)}`, field, { operator: '$in' });
        }
        const values = operand.map((v) => normaliseFilterValue(field, def, v, 'equality', '$in'));
        return this.#make(field, 'in', sortedDistinct(values));
      }
      case '$exists':
        if (typeof operand !== 'boolean') {
          throw invalidQuery(`$exists on "${field}" needs true or false, got ${jsonTypeOf(operand)}`, field, { operator: '$exists' });
        }
        return this.#make(field, 'exists', operand);
      default:
        throw new AeroError('AERO_QUERY_UNKNOWN_OPERATOR', `filter on "${field}" uses unknown operator "${op}"`, {
          details: { operator: op, field },
          hint: `Use one of ${OPERATORS.join(' ')} (and $and / $or to combine conditions).`,
        });
    }
  }

  #make(field: string, op: PredicateOp, value: unknown): Predicate {
    return { field, op, value, read: compileFieldReader(field), seq: this.#seq++ };
  }
}

/**
 * Returns the filter as conjunctions of predicates, each sorted by (field in byte order, operator,
 * position), so the same filter written in another key order plans and explains identically.
 */
export function parseFilter(schema: AppliedSchema, filter: unknown): Predicate[][] {
  if (filter === undefined) return [[]];
  const conjunctions = new FilterParser(schema).parseObject(filter, 'filter');
  for (const conj of conjunctions) conj.sort(comparePredicates);
  return conjunctions;
}

function capped(conjunctions: Conjunction[], where: string): Conjunction[] {
  if (conjunctions.length > MAX_OR_BRANCHES) {
    throw invalidQuery(`${where} expands to more than ${MAX_OR_BRANCHES} $or branches`, null, { max_branches: MAX_OR_BRANCHES },
      'Simplify the $or: use $in for alternatives on one field, or split the query.');
  }
  return conjunctions;
}

function product(left: Conjunction[], right: Conjunction[]): Conjunction[] {
  const out: Conjunction[] = [];
  for (const l of left) for (const r of right) out.push(l.concat(r));
  return out;
}

function sortedDistinct(values: unknown[]): unknown[] {
  const sorted = [...values].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
