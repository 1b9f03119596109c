// The WIT world every function is built against (SPEC §11). The import id `aerodb:function/host` is
// the only import a deployed component may have; deploy checks the transpiled import list against it.

export const HOST_IMPORT = 'aerodb:function/host';
export const WORLD_NAME = 'handler';

export const FUNCTION_WIT = `package aerodb:function;

interface host {
  log: func(level: string, msg: string);
  db-query: func(request: string) -> string;
  env-get: func(key: string) -> option<string>;
  now: func() -> u64;
  random: func() -> f64;
}

world handler {
  import host;
  export handle: func(input: string) -> string;
}
`;
