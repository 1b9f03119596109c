// A one-line text field (oplog filter, JSON query, typed confirmation): the cursor stays at the end.

export interface KeyPress {
  /** printable characters typed (several at once when pasted); '' for special keys */
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export type TextEdit = { kind: 'submit'; text: string } | { kind: 'cancel' } | { kind: 'edit'; text: string };

export function editText(text: string, key: KeyPress): TextEdit {
  if (key.return) return { kind: 'submit', text };
  if (key.escape) return { kind: 'cancel' };
  if (key.backspace || key.delete) return { kind: 'edit', text: text.slice(0, -1) };
  if (key.ctrl && key.input === 'u') return { kind: 'edit', text: '' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) {
    return { kind: 'edit', text };
  }
  return typedChunk(text, key.input);
}

/**
 * Characters arriving together (a paste, or keys sent in one write): control characters act as
 * their keys would (a line end submits what came before it), the rest is typed.
 */
function typedChunk(text: string, chunk: string): TextEdit {
  let out = text;
  for (const ch of chunk) {
    if (ch === '\r' || ch === '\n') return { kind: 'submit', text: out };
    if (ch === '\u007f' || ch === '\b') out = out.slice(0, -1);
    else if (ch === '\u0015') out = '';
    else if (ch >= ' ') out += ch;
  }
  return { kind: 'edit', text: out };
}
