// Re-exports of the shared domain types; modules outside model/ import from here or the files.
export * from './clock.js';
export * from './diagnostic.js';
export * from './duration.js';
export * from './labels.js';
export * from './rule.js';
