/**
 * The one command-line parser of every CLI: node:util's parseArgs, strict (an unknown option or a stray
 * argument is an error, never ignored), so `--opt=value` works wherever `--opt value` does. Its errors are
 * put in plain words that name the option, for the CLI to print above its usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

interface StrictConfig<O extends CliOptions> {
  args: string[];
  options: O;
  strict: true;
  allowPositionals: false;
}

/** The values parseArgs gives for `options`, typed by them. */
export type CliValues<O extends CliOptions> = ReturnType<typeof parseArgs<StrictConfig<O>>>['values'];

export type ParsedCli<O extends CliOptions> =
  | { readonly ok: true; readonly values: CliValues<O> }
  | { readonly ok: false; readonly error: string };

export function parseCliArgs<O extends CliOptions>(argv: readonly string[], options: O): ParsedCli<O> {
  try {
    const { values } = parseArgs<StrictConfig<O>>({ args: [...argv], options, strict: true, allowPositionals: false });
    return { ok: true, values };
  } catch (e) {
    return { ok: false, error: argsErrorWords(e) };
  }
}

const EACH_VALUE = 'each value follows its option: --opt VALUE or --opt=VALUE';

/** parseArgs' error in a line that names the option; its own text asks for positionals these CLIs do not take. */
export function argsErrorWords(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = e instanceof Error ? e.message : String(e);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  // "-d, --data <value>": the long name is the one users know.
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.replace(/ <value>$/, '');
  switch (err?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted)} (${EACH_VALUE})`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/ambiguous/.test(message)) return `${option} needs a value (one that starts with a dash: ${option}=VALUE)`;
      return `${option} needs a value`;
    default:
      return message;
  }
}
