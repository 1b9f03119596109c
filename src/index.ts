// Public entry of the `aerodb` package: the dev server and the engine, for programmatic use.
export { createServer, type CreateServerOptions, type RunningServer } from './server/create-server.js';
export { openDatabase } from './engine/database.js';
export type { Database, OpenDatabaseOptions } from './engine/database-types.js';
export { AeroError, isAeroError } from './engine/errors/aero-error.js';
