// Whether `aerodb serve` may draw the dashboard: both ends a terminal, and not CI (ink prints only
// the last frame under CI, and CI logs want plain lines).

export function isCi(env: NodeJS.ProcessEnv): boolean {
  // the same rule as ink's is-in-ci, so the two never disagree
  const set = (key: string) => key in env && env[key] !== '0' && env[key] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

export function canDrawDashboard(stdout: { isTTY?: boolean }, stdin: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stdout.isTTY === true && stdin.isTTY === true && !isCi(env);
}
