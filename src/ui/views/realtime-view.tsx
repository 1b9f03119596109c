/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// View 6: realtime (connections, subscriptions, queue depths, drops) once it exists; until then it
// says so instead of hiding the view.
import { Box } from 'ink';
import { Line } from './line.js';

export function RealtimeView({ height }: { height: number }) {
  return (
    <Box flexDirection="column" height={height}>
      <Line color="yellow">Realtime: not available yet.</Line>
      <Line> </Line>
      <Line>This server has no realtime endpoint yet (SPEC §10). Once it does, this view shows the</Line>
      <Line>open connections, their subscriptions, per-connection queue depths and dropped messages.</Line>
    </Box>
  );
}
