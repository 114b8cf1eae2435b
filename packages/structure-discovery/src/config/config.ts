import { InputError, issuesFromZod, mergeOptions, partRef, z } from '@derand/registry';
import { activationSpecSchema, initializerSpecSchema, teacherSpecSchema, type MlpSpec, type TeacherSpec } from '@derand/models';
import { STRUCTURE_PRESETS, type StructurePresetName } from '../presets/presets.js';
import { ALL_GROUPS, stepSizesSchema } from './step-sizes.js';

/** The student: hidden widths (depth = widths + 1), activation, and what trains. */
export const studentSchema = z
  .object({
    widths: z.array(z.number().int().positive()).min(1).default([1000]).meta({ flag: 'width' }).describe('hidden widths, first layer first: 1000 (two-layer) or 64,64,64 (depth 4)'),
    activation: activationSpecSchema.default('softplus:2').meta({ flag: 'activation' }).describe('student activation: softplus:<ι>, tanh, sigmoid, gelu, silu, quadratic, cubic, hermite:<k>, linear, or a plugin'),
    bias: z.enum(['trainable', 'frozen', 'none']).default('trainable').meta({ flag: 'bias' }).describe('first-layer bias: trained, frozen at its initial value, or absent'),
    trainOutput: z.boolean().default(false).meta({ flag: 'train-output' }).describe('train the output layer (frozen in the paper setting)'),
    outputBias: z.boolean().default(false).meta({ flag: 'output-bias' }).describe('give the output layer a trained bias'),
    init: initializerSpecSchema.default('paper').meta({ flag: 'init' }).describe('initialiser: paper (W ~ N(0, 1/d), a, b ~ N(0, 1/h²)), glorot-*, he-*, lecun-normal, zeros'),
    outputScale: z.number().positive().default(1).meta({ flag: 'output-scale' }).describe('mean-field output scale c (ŷ = c·N(x))'),
  })
  .strict();

const teacherSchema = z
  .object({
    k: teacherSpecSchema.shape.k.meta({ flag: 'k' }).describe('number of teacher indices k ≤ d'),
    directions: teacherSpecSchema.shape.directions.meta({ flag: 'directions' }).describe('teacher directions U: ones (u₁ = 1/√d), random (Haar), axes, or the k×d rows'),
    link: teacherSpecSchema.shape.link.meta({ flag: 'link' }).describe('teacher link: tanh, relu, hermite:<k>[:normalized], softplus:<ι>, … or a plugin'),
    reduce: teacherSpecSchema.shape.reduce.meta({ flag: 'reduce' }).describe('combine the k link values'),
    noise: teacherSpecSchema.shape.noise.meta({ flag: 'noise' }).describe('label noise standard deviation σ'),
    labels: teacherSpecSchema.shape.labels.meta({ flag: 'labels' }).describe('real values, ±1 signs (logistic, smooth hinge), or argmax classes (softmax cross-entropy)'),
  })
  .strict();

/** `online[:<batch>]`, `fixed:<size>[:<batch>]`, `quadrature[:<points>]`. */
function parseDataSpec(raw: string, ctx: z.RefinementCtx): unknown {
  const [kind, a, b, extra] = raw.split(':');
  const int = (s: string | undefined, what: string): number | undefined => {
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s) || Number(s) < 1) {
      ctx.addIssue({ code: 'custom', message: `${what} '${s}' in '${raw}' is not a positive integer`, input: raw });
      return undefined;
    }
    return Number(s);
  };
  if (extra === undefined && kind === 'online' && b === undefined) return { kind, batch: int(a, 'batch') ?? 50 };
  if (extra === undefined && kind === 'quadrature' && b === undefined) return { kind, points: int(a, 'points') ?? 40 };
  if (extra === undefined && kind === 'fixed' && a !== undefined) {
    const size = int(a, 'size');
    const batch = int(b, 'batch');
    return batch === undefined ? { kind, size } : { kind, size, batch };
  }
  ctx.addIssue({ code: 'custom', message: `'${raw}' is not one of online[:<batch>], fixed:<size>[:<batch>], quadrature[:<points>]`, input: raw });
  return z.NEVER;
}

const dataObjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('online'), batch: z.number().int().positive().default(50) }).strict(),
  z.object({ kind: z.literal('fixed'), size: z.number().int().positive(), batch: z.number().int().positive().optional() }).strict(),
  z.object({ kind: z.literal('quadrature'), points: z.number().int().min(2).max(100).default(40) }).strict(),
]);

/** Where the inputs come from (see `createDataSource`); also the string forms of `--data`. */
export const dataSchema = z.union([dataObjectSchema, z.string().min(1).transform(parseDataSpec).pipe(dataObjectSchema)]);

export const certificateSchema = z
  .object({
    enabled: z.boolean().default(true).meta({ flag: 'certificate' }).describe('run the second-order certificate at the end'),
    samples: z.number().int().positive().default(1024).meta({ flag: 'cert-samples' }).describe('fixed Monte-Carlo samples of the certificate (quadrature data uses its nodes)'),
    lanczosSteps: z.number().int().min(2).default(20).meta({ flag: 'lanczos' }).describe('Lanczos iterations of the certificate'),
    hvp: z.enum(['autodiff', 'finite-difference']).default('autodiff').meta({ flag: 'hvp' }).describe('Hessian–vector products of the certificate'),
    rho: z
      .number()
      .positive()
      .default(1e-3)
      .meta({ flag: 'cert-rho' })
      .describe('precision ρ of the certificate, a stated tolerance: ‖∇f‖ ≤ ρ and λ_min ≥ −√(Kρ) (both halves reported); Theorem 4.1’s bound needs 2λ > √(Kρ)'),
    K: z.number().positive().optional().meta({ flag: 'cert-k' }).describe('Hessian-Lipschitz constant K (when absent: estimated locally)'),
  })
  .strict();

/** The paper's Fig. 3 step sizes: η_W = 0.8·√h, η_b = 250 (docs/decisions/0401-structure-step-sizes.md). */
const PAPER_STEP_SIZES = { W: { learningRate: 0.8 * Math.sqrt(1000) }, b: { learningRate: 250 } };

/**
 * One structure-discovery run. The defaults are the paper's Fig. 3 setting (preset
 * `paper-fig3`); another preset is applied under the given options before they are checked.
 */
const structureOptionsObject = z
  .object({
    preset: z.enum(Object.keys(STRUCTURE_PRESETS) as [StructurePresetName, ...StructurePresetName[]]).default('paper-fig3').meta({ flag: 'preset' }).describe('a named setting the other options override'),
    inputDim: z.number().int().positive().default(2).meta({ flag: 'd' }).describe('input dimension d'),
    teacher: teacherSchema.default({ k: 1, directions: 'ones', link: 'tanh', reduce: 'mean', noise: 0, labels: 'real' }),
    student: studentSchema.default({ widths: [1000], activation: 'softplus:2', bias: 'trainable', trainOutput: false, outputBias: false, init: 'paper', outputScale: 1 }),
    studentModel: partRef('model', 'mlp', {}, { overrides: true }).describe('model plugin that builds the student from the MLP spec of `student` (its options override that spec)'),
    teacherModel: partRef('teacher', 'multi-index', {}, { overrides: true }).describe('teacher plugin built from `teacher` and d (its options override them)'),
    loss: partRef('loss', 'mse').describe('loss plugin (mse, huber, log-cosh, logistic, softmax-cross-entropy, smooth-hinge, or one loaded with --plugin)'),
    optimizer: partRef('optimizer', 'authors-pgd', { groups: PAPER_STEP_SIZES }).describe('optimizer plugin and its options (the shared contract: learningRate, groups, …)'),
    learningRate: stepSizesSchema.optional().meta({ flag: 'lr' }),
    lambda: z.number().nonnegative().default(1e-5).meta({ flag: 'lambda' }).describe('λ of λ‖W‖²_F'),
    lambdaGroups: z.array(z.string()).min(1).default(['W']).meta({ flag: 'lambda-groups' }).describe("groups λ applies to ('a' = output weights)"),
    data: dataSchema.default({ kind: 'online', batch: 50 }).meta({ flag: 'data', inputDefault: { kind: 'online', batch: 50 } }).describe('online[:<batch>] (fresh samples every step), fixed:<size>[:<batch>], quadrature[:<points>] (population risk, d ≤ 3)'),
    steps: z.number().int().min(0).default(10_000).meta({ flag: 'steps' }).describe('training steps'),
    metricsEvery: z.number().int().positive().optional().meta({ flag: 'every' }).describe('metrics cadence in steps (when absent: ⌈steps/100⌉)'),
    test: z
      .object({
        size: z.number().int().positive().default(10_000).meta({ flag: 'test-size' }).describe('test samples (clean labels)'),
        every: z.number().int().min(0).default(1000).meta({ flag: 'test-every' }).describe('test-loss cadence in steps (0: start and end only)'),
      })
      .strict()
      .default({ size: 10_000, every: 1000 }),
    snapshots: z
      .object({
        count: z.number().int().min(0).default(40).meta({ flag: 'snapshots' }).describe('log-spaced snapshots of the first layer'),
        neurons: z.number().int().positive().default(100).meta({ flag: 'neurons' }).describe('neurons kept in each snapshot'),
      })
      .strict()
      .default({ count: 40, neurons: 100 }),
    certificate: certificateSchema.default({ enabled: true, samples: 1024, lanczosSteps: 20, hvp: 'autodiff', rho: 1e-3 }),
    returnParams: z.boolean().default(false).meta({ flag: 'return-params' }).describe('include the trained (or last finite) parameters in the result as host arrays'),
    fused: z.boolean().optional().meta({ flag: 'fused' }).describe('fused forward/backward pass (when absent: when the loss has a derivative); --no-fused uses the tfjs tape'),
  })
  .strict();

type ObjectOutput = z.output<typeof structureOptionsObject>;

/** The output-layer alias: 'a' names the output weights, as in the paper (N(x) = aᵀφ(Wx + b)). */
export function resolveGroupAlias(name: string, widths: readonly number[]): string {
  return name === 'a' ? `layers.${widths.length}.weight` : name;
}

/** λ's groups with the output-weight alias resolved. */
export function lambdaGroupsOf(config: Pick<NormalizedStructureConfig, 'lambdaGroups' | 'student'>): string[] {
  return config.lambdaGroups.map((g) => resolveGroupAlias(g, config.student.widths));
}

function crossFieldIssues(config: ObjectOutput, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string, input?: unknown): void => ctx.addIssue({ code: 'custom', path, message, input });
  if (config.teacher.k > config.inputDim) issue(['teacher', 'k'], `cannot exceed the input dimension d = ${config.inputDim}`, config.teacher.k);
  if (config.data.kind === 'quadrature' && config.inputDim > 3) issue(['data', 'kind'], `quadrature needs d ≤ 3 (got d = ${config.inputDim}); use online or fixed data`, 'quadrature');
  if (config.data.kind === 'fixed' && config.data.batch !== undefined && config.data.batch > config.data.size) issue(['data', 'batch'], `cannot exceed the dataset size ${config.data.size}`, config.data.batch);
  const groups = studentGroups(config);
  for (const g of config.lambdaGroups) {
    const name = resolveGroupAlias(g, config.student.widths);
    if (!groups.includes(name)) issue(['lambdaGroups'], `'${g}' is not a trainable group of this student (trainable: ${groups.join(', ')})`, g);
  }
  for (const g of Object.keys(config.learningRate ?? {}).filter((name) => name !== ALL_GROUPS)) {
    const name = resolveGroupAlias(g, config.student.widths);
    if (!groups.includes(name)) issue(['learningRate'], `'${g}' is not a trainable group of this student (trainable: ${groups.join(', ')})`, g);
  }
}

/**
 * The options of the structure-discovery solver: its zod schema, the one place their defaults,
 * choices and help live. A `preset` is layered under the given options first, so the parsed
 * result is the fully resolved configuration; cross-field problems (k ≤ d, quadrature only for
 * d ≤ 3, batch ≤ size, λ and step-size groups the student trains) are reported with paths.
 */
export const structureConfigSchema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const preset = (raw as { preset?: unknown }).preset ?? 'paper-fig3';
  const make = typeof preset === 'string' ? (STRUCTURE_PRESETS as Record<string, (() => StructureConfig) | undefined>)[preset] : undefined;
  return make === undefined ? raw : mergeOptions(make(), raw);
}, structureOptionsObject.superRefine(crossFieldIssues));

export type StructureConfig = z.input<typeof structureOptionsObject>;
export type NormalizedStructureConfig = z.output<typeof structureOptionsObject>;

/**
 * Validates a run configuration, collecting every problem (schema and cross-field).
 *
 * @throws InputError (BAD_CONFIG) listing each problem with its path and value.
 * @example const config = parseStructureConfig({ inputDim: 20, teacher: { k: 2, directions: 'random' } });
 */
export function parseStructureConfig(raw: unknown): NormalizedStructureConfig {
  const parsed = structureConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InputError('BAD_CONFIG', 'Invalid structure-discovery configuration:', issuesFromZod(parsed.error, raw ?? {}));
  return parsed.data;
}

/** Outputs of the teacher's labels: k for argmax labels, else 1. */
function outputDim(config: NormalizedStructureConfig): number {
  return config.teacher.labels === 'argmax' ? config.teacher.k : 1;
}

/**
 * The student as an MLP spec (hidden layers, then a linear output layer).
 *
 * @example const mlp = createMlp(studentSpec(parseStructureConfig({})), key);
 */
export function studentSpec(config: Pick<NormalizedStructureConfig, 'student' | 'inputDim' | 'teacher'>): MlpSpec {
  const s = config.student;
  return {
    inputDim: config.inputDim,
    init: s.init,
    outputScale: s.outputScale,
    layers: [
      ...s.widths.map((units, i) =>
        i === 0 ? { units, activation: s.activation, bias: s.bias !== 'none', biasTrainable: s.bias === 'trainable' } : { units, activation: s.activation },
      ),
      { units: outputDim(config as NormalizedStructureConfig), activation: 'linear', bias: s.outputBias, trainable: s.trainOutput, biasTrainable: s.outputBias },
    ],
  };
}

/**
 * The teacher spec with the run's input dimension.
 *
 * @example const teacher = createTeacher(teacherSpec(config), key);
 */
export function teacherSpec(config: Pick<NormalizedStructureConfig, 'teacher' | 'inputDim'>): TeacherSpec {
  return { ...config.teacher, inputDim: config.inputDim };
}

/**
 * Names of the trainable groups the student will have (without building it).
 *
 * @example studentGroups(parseStructureConfig({})); // ['W', 'b']
 */
export function studentGroups(config: Pick<NormalizedStructureConfig, 'student'>): string[] {
  const s = config.student;
  const groups = ['W'];
  if (s.bias === 'trainable') groups.push('b');
  for (let i = 1; i < s.widths.length; i++) groups.push(`layers.${i}.weight`, `layers.${i}.bias`);
  const out = s.widths.length;
  if (s.trainOutput) groups.push(`layers.${out}.weight`);
  if (s.outputBias) groups.push(`layers.${out}.bias`);
  return groups;
}
