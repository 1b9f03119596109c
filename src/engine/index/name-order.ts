// Byte order of UTF-8 strings (= Unicode code point order), the tie-break order SPEC §5 prescribes for
// index names. JavaScript's `<` compares UTF-16 code units, which differs only when a surrogate
// (astral character) meets a code unit in U+E000..U+FFFF.

/** Compares two strings by their UTF-8 bytes: negative, 0 or positive. */
export function compareByteOrder(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000..U+FFFF so code-unit comparison follows code points. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
