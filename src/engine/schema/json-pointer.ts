// RFC 6901 JSON pointers: how every schema and validation error says *where*.

/** Escapes one reference token ("~" -> "~0", "/" -> "~1"). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends tokens to a pointer: pointerJoin('/up/0', 'schema', 'fields') -> '/up/0/schema/fields'. */
export function pointerJoin(base: string, ...tokens: Array<string | number>): string {
  let out = base;
  for (const token of tokens) out += `/${escapePointerToken(String(token))}`;
  return out;
}

/** How a pointer reads in a message: the root pointer "" is shown as "(root)". */
export function showPointer(pointer: string): string {
  return pointer === '' ? '(root)' : pointer;
}
