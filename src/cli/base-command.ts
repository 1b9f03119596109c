import { Command, Errors, Flags } from '@oclif/core';
import { AeroError } from '../engine/errors/aero-error.js';

/** Exit codes of every command: 0 ok, 1 failed, 2 usage (wrong flags or arguments). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The `--dir` flag shared by the project commands. */
export const dirFlag = Flags.string({
  description: 'project directory (default: the nearest directory with aerodb.toml, searching upward from the current one)',
  helpValue: 'PATH',
});

/**
 * Base of every aerodb command: prints failures as `CODE: message` plus the hint on stderr (and
 * `{"error": ...}` on stdout with --json) and maps them to the exit codes above.
 */
export abstract class AeroCommand extends Command {
  protected override logJson(json: unknown): void {
    // Exactly JSON.stringify output (no colours): --json output is byte-stable and pipeable.
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  /** Human output; suppressed with --json. */
  protected say(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  protected override async catch(err: Error & { oclif?: { exit?: number } }): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err;
    const { error, exit } = toReportable(err);
    if (this.jsonEnabled()) this.logJson({ error: error.toJSON() });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K'); // clear a progress line in flight
    process.stderr.write(`${error.code}: ${error.message}\n${error.hint ? `hint: ${indentHint(error.hint)}\n` : ''}`);
    if (exit === EXIT_FAILED && !(err instanceof AeroError) && process.env['DEBUG']) process.stderr.write(`${err.stack ?? ''}\n`);
    throw new Errors.ExitError(exit);
  }
}

function toReportable(err: Error & { oclif?: { exit?: number } }): { error: AeroError; exit: number } {
  if (err instanceof AeroError) return { error: err, exit: err.code === 'AERO_CONFIG_USAGE' ? EXIT_USAGE : EXIT_FAILED };
  if (err instanceof Errors.CLIError || err.oclif?.exit !== undefined) {
    // oclif parse errors (unknown flag, missing argument, bad option value) are usage errors
    const message = err.message.replace(/\nSee more help with --help\s*$/, '').trim();
    return { error: new AeroError('AERO_CONFIG_USAGE', message), exit: EXIT_USAGE };
  }
  return { error: new AeroError('AERO_INTERNAL', err.message || String(err), { cause: err }), exit: EXIT_FAILED };
}

function indentHint(hint: string): string {
  return hint.split('\n').join('\n      ');
}
