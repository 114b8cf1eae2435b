import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { solverCommands } from './commands/solvers.js';
import { reportError } from './io.js';
import { attachCommand, attachRunCommand, attachSolverCommand } from './runner.js';
import { version } from './version.js';

/** Runs the CLI on `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: 0 };
  const program = new Command('derand')
    .description('Derandomized optimization: SOSP optimizers, structure discovery, MAXCUT and JL embeddings.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // options after a command name are that command's: `derand sweep status <id> --out d` gives
    // --out to status, not to sweep (the program itself has only --version and --help)
    .enablePositionalOptions();
  program.addHelpText(
    'after',
    `\nExamples:\n  $ derand backends\n  $ derand plugins --json\n  $ derand maxcut G1.txt --dry-run\n\nRun 'derand <command> --help' for a command's options.`,
  );
  try {
    const reproduce = commands.find((c) => c.name === 'reproduce');
    if (reproduce !== undefined) attachCommand(program, reproduce, exit);
    for (const presenter of solverCommands) attachSolverCommand(program, presenter, exit);
    attachRunCommand(program, solverCommands, argv.slice(2), exit);
    for (const spec of commands) if (spec.name !== 'reproduce') attachCommand(program, spec, exit);
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
