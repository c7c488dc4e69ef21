// The store's own schema: the router's tables. Other domains register theirs from their code.
import type { Migration } from './schema.js';
import { jsonTableDDL } from './schema.js';

/** The migration domain of the tables created here. */
export const CORE_DOMAIN = 'core';

/** Numbered migrations of the core tables; append, never edit. */
export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'silences, nflog, alerts',
    up: (db) => {
      db.exec(jsonTableDDL('silences'));
      db.exec(jsonTableDDL('nflog'));
      db.exec(jsonTableDDL('alerts'));
    },
  },
];
