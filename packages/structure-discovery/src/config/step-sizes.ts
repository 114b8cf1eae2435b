import { z } from '@derand/registry';

/** The key of {@link stepSizesSchema}'s record that sets the step size of every group. */
export const ALL_GROUPS = '*';

function parseStepSizes(raw: string, ctx: z.RefinementCtx): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of raw.split(',').map((p) => p.trim())) {
    const [name, value] = part.includes('=') ? (part.split('=', 2) as [string, string]) : [ALL_GROUPS, part];
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
      ctx.addIssue({ code: 'custom', message: `'${part}' in '${raw}' is not a positive step size (use 25.3 or W=25.3,b=250)`, input: raw });
      return out;
    }
    if (name.trim() === '') ctx.addIssue({ code: 'custom', message: `'${part}' has no group name before '='`, input: raw });
    else out[name.trim()] = number;
  }
  return out;
}

/**
 * The structure solver's `learningRate`: merged into the optimizer's options through the shared
 * optimizer contract (`learningRate` for every group, `groups.<g>.learningRate` per group), so it
 * means the same for every optimizer. Accepts 0.05, `{ "*": 0.05, "W": 25.3 }` ('*' = every
 * group, 'a' = the output weights), or the string forms `0.05`, `W=25.3,b=250`, `0.05,W=0.1`.
 * The parsed form is the record, which parses again to itself.
 */
export const stepSizesSchema = z
  .union([
    z.number().positive().transform((all): Record<string, number> => ({ [ALL_GROUPS]: all })),
    z.record(z.string(), z.number().positive()),
    z.string().min(1).transform(parseStepSizes),
  ])
  .describe("step sizes: 0.05 (all groups), W=25.3,b=250 (per group; 'a' = output weights), or 0.05,W=0.1");
