// The JavaScript that wraps the author's module inside the component. Two virtual modules:
// - the prelude, evaluated before the author's module (ESM evaluates imports in order): it routes
//   Date, Math.random and console to the host, because with WASI stubbed they would trap, and so
//   that time and randomness are the invocation's fixed `now` and seeded `random` (determinism);
// - the entry, which exports the WIT `handle(input: string) -> string`: it parses the input, calls
//   the author's handle and returns an envelope, so a thrown error keeps its message instead of
//   becoming an anonymous trap: {"ok": value} | {"rejected": {message, details}} | {"error": {name, message, stack}}.

/** Marks errors thrown by reject() in the helper module (a well-known symbol survives bundling). */
export const REJECT_MARKER = 'aerodb.function.reject';

export const GUEST_PRELUDE = `import { log as __log, now as __now, random as __random } from 'aerodb:function/host';
const __Date = globalThis.Date;
const __nowMs = () => Number(__now());
class Date extends __Date {
  constructor(...args) {
    if (args.length === 0) super(__nowMs());
    else super(...args);
  }
  static now() { return __nowMs(); }
}
globalThis.Date = Date;
Math.random = () => __random();
const __format = (args) => args.map((a) => typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })()).join(' ');
globalThis.console = {
  log: (...a) => __log('info', __format(a)),
  info: (...a) => __log('info', __format(a)),
  debug: (...a) => __log('debug', __format(a)),
  warn: (...a) => __log('warn', __format(a)),
  error: (...a) => __log('error', __format(a)),
};
`;

/** The entry module; `userModule` is the absolute path of functions/<name>/index.ts. */
export function guestEntrySource(userModule: string): string {
  return `import 'aerodb-internal:prelude';
import { handle as __userHandle } from ${JSON.stringify(userModule)};
const __reject = Symbol.for(${JSON.stringify(REJECT_MARKER)});
const __describe = (e) => ({
  name: e && typeof e === 'object' && typeof e.name === 'string' ? e.name : 'Error',
  message: e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e),
  stack: e && typeof e === 'object' && typeof e.stack === 'string' ? e.stack : null,
  code: e && typeof e === 'object' && typeof e.code === 'string' ? e.code : null,
});
export function handle(input) {
  try {
    if (typeof __userHandle !== 'function') throw new TypeError('the export "handle" is not a function');
    const value = __userHandle(input === '' ? null : JSON.parse(input));
    if (value !== null && typeof value === 'object' && typeof value.then === 'function') {
      throw new TypeError('handle returned a Promise: functions are synchronous (db calls return their result directly), so remove async/await');
    }
    const text = JSON.stringify(value === undefined ? null : value);
    if (text === undefined) throw new TypeError('handle returned a value that is not JSON (' + typeof value + ')');
    return '{"ok":' + text + '}';
  } catch (e) {
    if (e && e[__reject] === true) return JSON.stringify({ rejected: { message: String(e.message), details: e.details ?? null } });
    return JSON.stringify({ error: __describe(e) });
  }
}
`;
}
