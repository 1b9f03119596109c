/** @jsxRuntime automatic */ // (for tsx in dev mode run from outside the repo, where tsconfig.json is not found)
// One screen line: never wraps (a view's height is exact), cut at the right edge.
import { Text } from 'ink';
import type { ReactNode } from 'react';

export interface LineProps {
  children?: ReactNode;
  color?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export function Line({ children, color, bold, dim, inverse }: LineProps) {
  return (
    <Text wrap="truncate-end" color={color} bold={bold} dimColor={dim} inverse={inverse}>
      {children === undefined || children === '' ? ' ' : children}
    </Text>
  );
}

/** A label column of fixed width followed by its value (the overview's rows). */
export function Field({ label, width = 13, children }: { label: string; width?: number; children?: ReactNode }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{label.padEnd(width)}</Text>
      {children}
    </Text>
  );
}
