// The dashboard's views, in tab order: key 1 is the first.

export const VIEW_IDS = ['overview', 'collections', 'migrations', 'oplog', 'functions', 'realtime', 'problems'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  overview: 'Overview',
  collections: 'Collections',
  migrations: 'Migrations',
  oplog: 'Oplog',
  functions: 'Functions',
  realtime: 'Realtime',
  problems: 'Problems',
};
