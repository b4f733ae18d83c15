// A command's input and output in memory, for running the CLI scripts in-process in tests.
import type { CliIo } from './cli.ts';

export function testIo(
  env: Record<string, string | undefined>,
  { stdin = '', answers = null as string[] | null } = {},
) {
  let output = '';
  let errors = '';
  const questions: string[] = [];
  const io: CliIo = {
    env,
    stdout: {
      write(text: string) {
        output += text;
        return true;
      },
    },
    stderr: {
      write(text: string) {
        output += text;
        errors += text;
        return true;
      },
    },
    readStdin: async () => stdin,
    promptHidden: answers
      ? async (question) => {
          questions.push(question);
          return answers.shift() ?? '';
        }
      : null,
  };
  /** `output` is stdout and stderr interleaved as a terminal shows them; `errors` is stderr alone. */
  return { io, output: () => output, errors: () => errors, questions };
}
