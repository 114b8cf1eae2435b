import { Command, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import type { CommandSpec, CommonOptions } from './commands/spec.js';
import { createIO, reportError } from './io.js';
import { integerOption } from './options.js';
import { createCliRegistry } from './registry.js';
import { version } from './version.js';

/** Adds an option unless the command declared one with the same long flag itself. */
function addOnce(command: Command, option: Option): void {
  if (!command.options.some((o) => o.long === option.long)) command.addOption(option);
}

function addCommon(command: Command): Command {
  addOnce(command, new Option('--json', 'print the result as JSON on stdout (logs stay on stderr)').default(false));
  addOnce(command, new Option('-q, --quiet', 'no progress or logs on stderr').default(false));
  addOnce(command, new Option('--backend <id>', 'compute backend (see `derand backends`)').default('wasm'));
  addOnce(
    command,
    new Option('--seed <n>', 'root seed of the run; the same seed reproduces the run').argParser(integerOption(0, 2 ** 53 - 1)).default(0),
  );
  addOnce(command, new Option('--config <file>', 'read options from a JSON or YAML file (flags given here override it)'));
  addOnce(
    command,
    new Option('--plugin <file>', 'load user plugins from an ES module (repeatable); see `derand plugins`')
      .argParser((value: string, previous: string[] = []) => [...previous, ...value.split(',').filter((v) => v !== '')])
      .default([] as string[]),
  );
  return command;
}

function attach(program: Command, spec: CommandSpec, exit: { code: number }): void {
  const command = addCommon(spec.configure(program.command(spec.name).description(spec.summary)));
  command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const args = self.args.slice(0, self.registeredArguments.length);
    let io = createIO({ json: self.opts()['json'] === true, quiet: self.opts()['quiet'] === true });
    try {
      const configFile = self.opts()['config'] as string | undefined;
      if (configFile !== undefined) {
        const { applyConfig, readConfigFile } = await import('./config.js');
        applyConfig(self, await readConfigFile(configFile), configFile);
      }
      const options = self.opts();
      const common: CommonOptions = {
        json: options['json'] === true,
        quiet: options['quiet'] === true,
        backend: String(options['backend']),
        seed: options['seed'] as number,
      };
      io = createIO(common);
      const pluginFiles = options['plugin'] as string[];
      const userPlugins = pluginFiles.length === 0 ? [] : await (await import('./plugin-loader.js')).loadPlugins(pluginFiles);
      const registry = createCliRegistry(userPlugins);
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
