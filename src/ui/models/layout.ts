// The screen's fixed layout: the height the views get, and so how many rows a page holds.

export interface ScreenSize {
  columns: number;
  rows: number;
}

/** The smallest terminal the dashboard is laid out for; smaller ones are asked to grow. */
export const MIN_SIZE: ScreenSize = { columns: 80, rows: 24 };

/**
 * Lines around a view: header, tab bar, the body's top and bottom border, footer, and one spare
 * line (a frame as tall as the terminal makes ink clear the whole screen on every render).
 */
const CHROME_LINES = 6;

export function bodyHeight(size: ScreenSize): number {
  return Math.max(4, size.rows - CHROME_LINES);
}

/** Columns inside the body's border and padding. */
export function bodyWidth(size: ScreenSize): number {
  return Math.max(20, size.columns - 4);
}

/** Documents per page in the browser: the body minus its title, column line and status line. */
export function browsePageSize(size: ScreenSize): number {
  return Math.max(1, bodyHeight(size) - 3);
}

/** Rows of the oplog table: the body minus its status and column lines. */
export function oplogTableRows(size: ScreenSize): number {
  return Math.max(1, bodyHeight(size) - 2);
}
