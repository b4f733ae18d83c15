// What the command-line scripts share: their input and output as one object, so tests run a command
// in-process with their own environment, stdin and output, and only the entry point exits.
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** All of stdin (for --password-stdin). */
  readStdin(): Promise<string>;
  /** Asks for a secret without echoing it; null when there is no terminal to type into. */
  promptHidden: ((question: string) => Promise<string>) | null;
}

/** Ends the command with a message for a person (no stack trace) and exit code 1. */
export class CliStop extends Error {}

export function stop(message: string): never {
  throw new CliStop(message);
}

/** Runs a command's body: 0 when it returns, 1 with the message on stderr when it stops. */
export async function exitCode(
  io: CliIo,
  body: () => Promise<void>,
  format = (message: string) => `\n✖ ${message}\n\n`,
): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (!(error instanceof CliStop)) throw error;
    io.stderr.write(format(error.message));
    return 1;
  }
}

/** True in the module node or tsx was asked to run, false when it is imported (by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Runs a command as the script's entry point, with the process's own streams, and exits with its code. */
export async function runAsEntryPoint(command: (args: string[], io: CliIo) => Promise<number>): Promise<never> {
  process.exit(await command(process.argv.slice(2), processIo()));
}

function processIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    },
    promptHidden: process.stdin.isTTY ? promptHidden : null,
  };
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stdout.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  muted = false;
  rl.close();
  process.stdout.write('\n');
  return answer;
}
