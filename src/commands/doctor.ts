import { Flags } from '@oclif/core';
import { AeroCommand, dirFlag, EXIT_FAILED } from '../cli/base-command.js';
import { AeroError } from '../engine/errors/aero-error.js';

export default class Doctor extends AeroCommand {
  static override summary = 'Verify every checksum in the data directory and report (exit 1 on a problem); repair the WAL only when asked.';
  static override description = `Reads FORMAT, every checkpoint, every WAL record (CRC and LSN sequence) and every operation-log segment, without changing a byte, and prints each file's state and every problem with its fix. Safe while \`aerodb serve\` runs (the segment being written may then show a torn tail). Exits 1 when the database would not open or has lost data.

With --repair --truncate-at LSN it makes the one repair AeroDB makes: keep WAL records up to LSN and move everything after it (the rest of that segment and every later segment) into .aerodb/doctor/repair-<time>/ with a repair.json saying what was dropped. It needs the data directory to itself (stop the server first), refuses an LSN below the checkpoint or past the damage, and verifies again afterwards. See docs/doctor.md.`;
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json', '<%= config.bin %> doctor --repair --truncate-at 41'];
  static override enableJsonFlag = true;
  static override flags = {
    dir: dirFlag,
    repair: Flags.boolean({ description: 'make the repair given by --truncate-at (nothing is repaired without it)', default: false }),
    'truncate-at': Flags.string({ description: 'with --repair: keep WAL LSNs up to this one, move the rest aside', helpValue: 'LSN' }),
  };

  async run() {
    const { flags } = await this.parse(Doctor);
    const truncateAt = parseTruncateAt(flags.repair, flags['truncate-at']);
    const { runDoctor } = await import('../services/doctor/run-doctor.js');
    const { renderDoctor } = await import('../services/doctor/doctor-view.js');
    const result = await runDoctor({
      ...(flags.dir === undefined ? {} : { dir: flags.dir }),
      ...(truncateAt === undefined ? {} : { truncateAt }),
      onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
    });
    if (this.jsonEnabled()) this.logJson(result);
    else process.stdout.write(`${renderDoctor(result).join('\n')}\n`);
    if (!result.report.ok) this.exit(EXIT_FAILED);
  }
}

function parseTruncateAt(repair: boolean, value: string | undefined): number | undefined {
  if (!repair && value === undefined) return undefined;
  if (!repair) throw new AeroError('AERO_CONFIG_USAGE', '--truncate-at needs --repair: doctor repairs nothing unless told to', { hint: 'Run `aerodb doctor --repair --truncate-at LSN`.' });
  if (value === undefined) throw new AeroError('AERO_CONFIG_USAGE', '--repair needs --truncate-at LSN: the only repair is keeping WAL records up to an LSN', { hint: 'Run `aerodb doctor` first; a WAL problem names the LSN to use.' });
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new AeroError('AERO_CONFIG_USAGE', `--truncate-at must be a whole LSN (0 or more), got "${value}"`, { hint: 'Use the LSN that `aerodb doctor` suggests.' });
  return Number(value);
}
