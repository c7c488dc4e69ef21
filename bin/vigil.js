#!/usr/bin/env node
// Entry point for `npx vigil`: runs the compiled CLI (build first with `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`vigil: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
