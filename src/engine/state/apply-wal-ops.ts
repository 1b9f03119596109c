import type { Doc, WalOp } from '../types.js';

/** The in-memory document state: collection name -> (_id -> frozen document). */
export type DocStore = Map<string, Map<string, Doc>>;

/** Replays physical WAL ops onto the store (recovery path: no validation, data is trusted by CRC). */
export function applyWalOps(store: DocStore, ops: readonly WalOp[]): void {
  for (const op of ops) {
    switch (op.o) {
      case 'put': {
        let docs = store.get(op.c);
        if (!docs) {
          docs = new Map();
          store.set(op.c, docs);
        }
        docs.set(op.d._id, op.d);
        break;
      }
      case 'del':
        store.get(op.c)?.delete(op.id);
        break;
      case 'drop':
        store.delete(op.c);
        break;
      case 'move': {
        const docs = store.get(op.from);
        store.delete(op.from);
        if (docs) store.set(op.to, docs);
        else store.delete(op.to);
        break;
      }
    }
  }
}
