#!/usr/bin/env node
// Entry point for `npx vigil`: runs the compiled CLI (build first with `npm run build`).
import { main } from '../dist/cli/main.js';

// Once main() has returned, nothing is left to do: a forgotten handle (a keep-alive socket, a
// timer) must not keep the process alive, but pending output gets a moment to drain first.
const exitSoon = (code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
};

main(process.argv.slice(2)).then(exitSoon, (err) => {
  process.stderr.write(`vigil: ${err instanceof Error ? err.stack : String(err)}\n`);
  exitSoon(1);
});
