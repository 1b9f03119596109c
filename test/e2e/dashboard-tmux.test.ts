import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real-terminal check (test/e2e/dashboard-tmux.sh) runs only where tmux is installed
// (.ci/run installs it with apt-get when missing). It drives the built bin/run.js.
const SCRIPT = fileURLToPath(new URL('./dashboard-tmux.sh', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasTmux)('dashboard in a real terminal (tmux)', () => {
  it('shows live data in every view, follows resizes and gives the terminal back', () => {
    const run = spawnSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('dashboard-tmux: ok');
  }, 150_000);
});
