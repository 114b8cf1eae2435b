/**
 * Splits one shell command line into words: single and double quotes group, `#` outside quotes
 * starts a comment, `&&` separates commands (returned as separate lists).
 *
 * @example shellCommands(`pnpm derand run jl '{"k": 2}' # note`); // [['pnpm', 'derand', 'run', 'jl', '{"k": 2}']]
 */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let current = '';
  let quote: string | undefined;
  let started = false;
  const end = (): void => {
    if (started) commands[commands.length - 1]!.push(current);
    current = '';
    started = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '#' && !started) {
      break;
    } else if (c === '&' && line[i + 1] === '&') {
      end();
      commands.push([]);
      i += 1;
    } else if (/\s/.test(c)) {
      end();
    } else {
      current += c;
      started = true;
    }
  }
  end();
  return commands.filter((words) => words.length > 0);
}
