import { InputError, issuesFromZod, z, type InputIssue } from '@derand/registry';
import { activationSpecSchema, initializerSpecSchema, teacherSpecSchema, type MlpSpec, type TeacherSpec } from '@derand/models';

/** The student: hidden widths (depth = widths + 1), activation, and what trains. */
export const studentSchema = z
  .object({
    /** Hidden widths, first layer first (default [1000]: the paper's two-layer net, h = 1000). */
    widths: z.array(z.number().int().positive()).min(1).default([1000]),
    /** Activation of every hidden layer (default softplus:2, the paper's ReLU_ι with ι = 2). */
    activation: activationSpecSchema.default('softplus:2'),
    /** First-layer bias: trained (default), frozen at its initial value, or absent. */
    bias: z.enum(['trainable', 'frozen', 'none']).default('trainable'),
    /** Train the output layer (default false: frozen as in the authors' code). */
    trainOutput: z.boolean().default(false),
    /** Give the output layer a (trained) bias (default false). */
    outputBias: z.boolean().default(false),
    /** Initialiser scheme (default paper: W ~ N(0, 1/d), a ~ N(0, 1/h²), b ~ N(0, 1/h²)). */
    init: initializerSpecSchema.default('paper'),
    /** Mean-field output scale c: ŷ = c·N(x) (default 1). */
    outputScale: z.number().positive().default(1),
  })
  .strict();

/** Where the inputs come from (see `createDataSource`). */
export const dataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('online'), batch: z.number().int().positive().default(50) }).strict(),
  z.object({ kind: z.literal('fixed'), size: z.number().int().positive(), batch: z.number().int().positive().optional() }).strict(),
  z.object({ kind: z.literal('quadrature'), points: z.number().int().min(2).max(100).default(40) }).strict(),
]);

/** A registry plugin reference: id and raw options (validated by the plugin's own schema). */
const pluginRef = (id: string, options: Record<string, unknown>) =>
  z
    .object({ id: z.string().min(1).default(id), options: z.record(z.string(), z.unknown()).default(options) })
    .strict()
    .default({ id, options });

export const certificateSchema = z
  .object({
    /** Fixed Monte-Carlo sample the certificate holds (default 1024); quadrature data uses its own nodes. */
    samples: z.number().int().positive().default(1024),
    lanczosSteps: z.number().int().min(2).default(20),
    hvp: z.enum(['autodiff', 'finite-difference']).default('autodiff'),
    /** Hessian-Lipschitz constant K; default: estimated locally by the core. */
    K: z.number().positive().optional(),
  })
  .strict();

/**
 * One structure-discovery run: teacher, student, loss, optimizer, λ, data, schedule, outputs.
 * Defaults are the paper's Fig. 3 setting except the optimizer step sizes (see the presets).
 */
export const structureConfigSchema = z
  .object({
    /** Input dimension d. */
    inputDim: z.number().int().positive().default(2),
    /** Teacher (its inputDim is taken from `inputDim`). */
    teacher: teacherSpecSchema.omit({ inputDim: true }).default({ k: 1, directions: 'ones', link: 'tanh', reduce: 'mean', noise: 0, labels: 'real' }),
    student: studentSchema.default({
      widths: [1000],
      activation: 'softplus:2',
      bias: 'trainable',
      trainOutput: false,
      outputBias: false,
      init: 'paper',
      outputScale: 1,
    }),
    /** Loss plugin id and options (resolved through the registry: a user's loss works too). */
    loss: pluginRef('mse', {}),
    /** Optimizer plugin id and options (resolved through the registry). */
    optimizer: pluginRef('authors-pgd', { learningRates: { W: 25.3, b: 62.5 } }),
    /** λ of λ Σ_g ‖θ_g‖²_F (default 1e-5). */
    lambda: z.number().nonnegative().default(1e-5),
    /** Groups λ applies to (default ['W']). */
    lambdaGroups: z.array(z.string()).min(1).default(['W']),
    data: dataSchema.default({ kind: 'online', batch: 50 }),
    steps: z.number().int().min(0).default(10_000),
    /** Metrics cadence in steps (default ⌈steps/100⌉). */
    metricsEvery: z.number().int().positive().optional(),
    /** Test set of fresh samples with clean labels; evaluated at the first and last metrics step and every `every` steps (0: only those two). */
    test: z.object({ size: z.number().int().positive().default(10_000), every: z.number().int().min(0).default(0) }).strict().default({ size: 10_000, every: 0 }),
    /** Log-spaced snapshots of the first layer: how many, and how many neurons to keep. */
    snapshots: z.object({ count: z.number().int().min(0).default(40), neurons: z.number().int().positive().default(100) }).strict().default({ count: 40, neurons: 100 }),
    /** The second-order certificate at the end, or false. */
    certificate: z.union([z.literal(false), certificateSchema]).default({ samples: 1024, lanczosSteps: 20, hvp: 'autodiff' }),
    /** Force the fused or the tape gradient (default: fused when the loss has a derivative). */
    fused: z.boolean().optional(),
  })
  .strict();

export type StructureConfig = z.input<typeof structureConfigSchema>;
export type NormalizedStructureConfig = z.output<typeof structureConfigSchema>;

/**
 * Validates a run configuration, collecting every problem (schema and cross-field: k ≤ d,
 * quadrature only for d ≤ 3, batch ≤ size, λ groups).
 *
 * @throws InputError (BAD_CONFIG) listing each problem with its path and value.
 * @example const config = parseStructureConfig({ inputDim: 20, teacher: { k: 2, directions: 'random' } });
 */
export function parseStructureConfig(raw: unknown): NormalizedStructureConfig {
  const parsed = structureConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InputError('BAD_CONFIG', 'Invalid structure-discovery configuration:', issuesFromZod(parsed.error, raw ?? {}));
  const config = parsed.data;
  const issues: InputIssue[] = [];
  if (config.teacher.k > config.inputDim) issues.push({ where: 'teacher.k', message: `cannot exceed the input dimension d = ${config.inputDim}`, value: config.teacher.k });
  if (config.data.kind === 'quadrature' && config.inputDim > 3) {
    issues.push({ where: 'data.kind', message: `quadrature needs d ≤ 3 (got d = ${config.inputDim}); use online or fixed data`, value: 'quadrature' });
  }
  if (config.data.kind === 'fixed' && config.data.batch !== undefined && config.data.batch > config.data.size) {
    issues.push({ where: 'data.batch', message: `cannot exceed the dataset size ${config.data.size}`, value: config.data.batch });
  }
  const groups = studentGroups(config);
  for (const g of config.lambdaGroups) {
    if (!groups.includes(g)) issues.push({ where: 'lambdaGroups', message: `'${g}' is not a trainable group of this student (trainable: ${groups.join(', ')})`, value: g });
  }
  if (config.student.bias === 'none' && config.lambdaGroups.includes('b')) issues.push({ where: 'lambdaGroups', message: "the student has no first-layer bias 'b'" });
  if (issues.length > 0) throw new InputError('BAD_CONFIG', 'Invalid structure-discovery configuration:', issues);
  return config;
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
export function studentSpec(config: NormalizedStructureConfig): MlpSpec {
  const s = config.student;
  return {
    inputDim: config.inputDim,
    init: s.init,
    outputScale: s.outputScale,
    layers: [
      ...s.widths.map((units, i) =>
        i === 0 ? { units, activation: s.activation, bias: s.bias !== 'none', biasTrainable: s.bias === 'trainable' } : { units, activation: s.activation },
      ),
      { units: outputDim(config), activation: 'linear', bias: s.outputBias, trainable: s.trainOutput, biasTrainable: s.outputBias },
    ],
  };
}

/**
 * The teacher spec with the run's input dimension.
 *
 * @example const teacher = createTeacher(teacherSpec(config), key);
 */
export function teacherSpec(config: NormalizedStructureConfig): TeacherSpec {
  return { ...config.teacher, inputDim: config.inputDim };
}

/**
 * Names of the trainable groups the student will have (without building it).
 *
 * @example studentGroups(parseStructureConfig({})); // ['W', 'b']
 */
export function studentGroups(config: NormalizedStructureConfig): string[] {
  const s = config.student;
  const groups = ['W'];
  if (s.bias === 'trainable') groups.push('b');
  for (let i = 1; i < s.widths.length; i++) groups.push(`layers.${i}.weight`, `layers.${i}.bias`);
  const out = s.widths.length;
  if (s.trainOutput) groups.push(`layers.${out}.weight`);
  if (s.outputBias) groups.push(`layers.${out}.bias`);
  return groups;
}
