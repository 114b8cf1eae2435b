import type { InputIssue } from '@derand/registry';

/**
 * Parameter-group names an optimizer's raw options refer to, with where they appear: keys of
 * `learningRates`, `weightDecay`, `groups`; entries of `watch`, `perturb`, `perturb.groups`,
 * `perturb.of`. (Core optimizers silently ignore unknown names; a typo would freeze a group.)
 *
 * @example optimizerGroupReferences({ learningRates: { W: 25, b: 250 } }); // W and b
 */
export function optimizerGroupReferences(options: Readonly<Record<string, unknown>>): { where: string; name: string }[] {
  const refs: { where: string; name: string }[] = [];
  const keysOf = (field: string, value: unknown): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const name of Object.keys(value)) refs.push({ where: `${field}.${name}`, name });
  };
  const entriesOf = (field: string, value: unknown): void => {
    if (Array.isArray(value)) value.forEach((name, i) => typeof name === 'string' && refs.push({ where: `${field}[${i}]`, name }));
  };
  keysOf('learningRates', options['learningRates']);
  keysOf('weightDecay', options['weightDecay']);
  keysOf('groups', options['groups']);
  entriesOf('watch', options['watch']);
  const perturb = options['perturb'];
  if (Array.isArray(perturb)) entriesOf('perturb', perturb);
  else if (typeof perturb === 'object' && perturb !== null) {
    entriesOf('perturb.groups', (perturb as Record<string, unknown>)['groups']);
    entriesOf('perturb.of', (perturb as Record<string, unknown>)['of']);
  }
  return refs;
}

/**
 * Issues for group names in optimizer options that the student does not train.
 *
 * @example checkOptimizerGroups({ learningRates: { bias: 1 } }, ['W', 'b']); // one issue naming 'bias'
 */
export function checkOptimizerGroups(options: Readonly<Record<string, unknown>>, trainable: readonly string[]): InputIssue[] {
  return optimizerGroupReferences(options)
    .filter((ref) => !trainable.includes(ref.name))
    .map((ref) => ({ where: `optimizer.options.${ref.where}`, message: `'${ref.name}' is not a trainable group of this student (trainable: ${trainable.join(', ')})`, value: ref.name }));
}
