import { Errors, type Hook } from '@oclif/core';

/** An unknown command is a usage error: `AERO_CONFIG_USAGE` on stderr, the closest commands as hint, exit 2. */
const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.split(':').join(' ');
  const known = options.config.commandIDs.map((id) => id.split(':').join(' ')).sort();
  const close = known.filter((id) => id.startsWith(typed.split(' ')[0] ?? '') || editDistance(id, typed) <= 2);
  const hint = close.length > 0 ? `Did you mean: ${close.map((c) => `aerodb ${c}`).join(', ')}?` : 'Run `aerodb --help` to list the commands.';
  process.stderr.write(`AERO_CONFIG_USAGE: unknown command "${typed}"\nhint: ${hint}\n`);
  throw new Errors.ExitError(2);
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export default hook;
