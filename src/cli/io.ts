/** Where a CLI command writes; injected so tests capture output without a subprocess. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A command: takes the arguments after its name, returns the exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;
