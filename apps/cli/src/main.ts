import { Command, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import type { CommandSpec, CommonOptions } from './commands/spec.js';
import { createIO, reportError } from './io.js';
import { integerOption } from './options.js';
import { createCliRegistry } from './registry.js';
import { version } from './version.js';

function addCommon(command: Command): Command {
  return command
    .option('--json', 'print the result as JSON on stdout (logs stay on stderr)', false)
    .option('-q, --quiet', 'no progress or logs on stderr', false)
    .addOption(new Option('--backend <id>', 'compute backend (see `derand backends`)').default('wasm'))
    .option('--seed <n>', 'root seed of the run; the same seed reproduces the run', integerOption(0, 2 ** 53 - 1), 0);
}

function attach(program: Command, spec: CommandSpec, exit: { code: number }): void {
  const command = addCommon(spec.configure(program.command(spec.name).description(spec.summary)));
  command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const options = self.opts();
    const args = self.args.slice(0, self.registeredArguments.length);
    const common: CommonOptions = {
      json: options['json'] === true,
      quiet: options['quiet'] === true,
      backend: String(options['backend']),
      seed: options['seed'] as number,
    };
    const io = createIO(common);
    try {
      const registry = createCliRegistry();
      exit.code = (await spec.run(args, options, { io, registry, common })) ?? 0;
    } catch (error) {
      exit.code = reportError(error, io);
    }
  });
}

/** Runs the CLI on `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: 0 };
  const program = new Command('derand')
    .description('Derandomized optimization: SOSP optimizers, structure discovery, MAXCUT and JL embeddings.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `\nExamples:\n  $ derand backends\n  $ derand plugins --json\n\nRun 'derand <command> --help' for a command's options.`,
  );
  for (const spec of commands) attach(program, spec, exit);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; usage errors were already printed by commander
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    return reportError(error, { json: argv.includes('--json') });
  }
  return exit.code;
}
