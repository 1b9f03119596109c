// The host functions of the WIT world (src/engine/functions/function-wit.ts), as the guest sees them
// after jco's name mapping (kebab-case -> camelCase, u64 -> bigint, option<string> -> string | undefined).
declare module 'aerodb:function/host' {
  export function log(level: string, msg: string): void;
  export function dbQuery(request: string): string;
  export function envGet(key: string): string | undefined;
  export function now(): bigint;
  export function random(): number;
}
