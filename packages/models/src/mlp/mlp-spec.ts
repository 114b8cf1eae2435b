import { DerandError, InputError, issuesFromZod, z, type AnyRegistry, type InputIssue } from '@derand/registry';
import { activationSpecSchema, resolveActivation } from '../activations/resolve-activation.js';
import { initializerSpecSchema } from '../init/initializers.js';

/** One dense layer: z = h Wᵀ + b (W ∈ R^{units × fan_in}, one neuron per row), then the activation. */
export const layerSpecSchema = z
  .object({
    units: z.number().int().positive(),
    /** Activation after the affine map (default linear, as for an output layer). */
    activation: activationSpecSchema.default('linear'),
    /** Whether the layer has a bias (default true). */
    bias: z.boolean().default(true),
    /** Whether the weights are trained (default true). */
    trainable: z.boolean().default(true),
    /** Whether the bias is trained (default: same as `trainable`). */
    biasTrainable: z.boolean().optional(),
    /** Initialiser of the weights (default: the model's `init`). */
    weightInit: initializerSpecSchema.optional(),
    /** Initialiser of the bias (default: the model's `init`). */
    biasInit: initializerSpecSchema.optional(),
  })
  .strict();
export type LayerSpec = z.input<typeof layerSpecSchema>;

/**
 * A multilayer perceptron x ↦ c·φ_L(W_L φ_{L−1}(…φ₁(W₁x + b₁)…) + b_L) of any depth and widths.
 * `layers` lists the hidden layers and the output layer last.
 */
export const mlpSpecSchema = z
  .object({
    /** Input dimension d. */
    inputDim: z.number().int().positive(),
    layers: z.array(layerSpecSchema).min(1),
    /** Default initialiser scheme for every tensor (default `paper`). */
    init: initializerSpecSchema.default('paper'),
    /** Mean-field output scale c (default 1); for example 1/h. */
    outputScale: z.number().positive().default(1),
    /** Accept activations that are not C² (relu); off by default because the SOSP theory needs smoothness. */
    allowNonSmooth: z.boolean().default(false),
  })
  .strict();
export type MlpSpec = z.input<typeof mlpSpecSchema>;
export type NormalizedMlpSpec = z.output<typeof mlpSpecSchema>;

/**
 * Validates a spec, collecting every problem (schema, unknown or non-smooth activations).
 *
 * @throws InputError (code BAD_MODEL) listing each problem with its path and value.
 * @example const spec = parseMlpSpec({ inputDim: 2, layers: [{ units: 1000, activation: 'softplus:2' }, { units: 1 }] });
 */
export function parseMlpSpec(raw: unknown, registry?: AnyRegistry): NormalizedMlpSpec {
  const parsed = mlpSpecSchema.safeParse(raw);
  if (!parsed.success) throw new InputError('BAD_MODEL', 'Invalid model specification:', issuesFromZod(parsed.error, raw));
  const spec = parsed.data;
  const issues: InputIssue[] = [];
  spec.layers.forEach((layer, i) => {
    try {
      const activation = resolveActivation(layer.activation, registry);
      if (!activation.smooth && !spec.allowNonSmooth) {
        issues.push({
          where: `layers.${i}.activation`,
          message: `'${activation.label}' is not smooth (the SOSP guarantees need C² activations); use softplus:<sharpness> or set allowNonSmooth`,
          value: layer.activation,
        });
      }
    } catch (error) {
      issues.push({ where: `layers.${i}.activation`, message: error instanceof DerandError ? error.message : String(error), value: layer.activation });
    }
  });
  if (issues.length > 0) throw new InputError('BAD_MODEL', 'Invalid model specification:', issues);
  return spec;
}

/** Options of {@link twoLayerSpec}. */
export interface TwoLayerOptions {
  readonly inputDim: number;
  /** Hidden width h. */
  readonly width: number;
  readonly activation: string;
  /** First-layer bias: trained (default), frozen at its initial value, or absent. */
  readonly bias?: 'trainable' | 'frozen' | 'none';
  /** Train the second layer a (default false, as in the authors' code). */
  readonly trainOutput?: boolean;
  readonly init?: z.input<typeof initializerSpecSchema>;
  readonly outputScale?: number;
}

/**
 * The paper's two-layer student ŷ = Σⱼ aⱼ φ(wⱼ·x + bⱼ): hidden layer with bias, linear output
 * without bias, second layer frozen unless `trainOutput`.
 *
 * @example twoLayerSpec({ inputDim: 2, width: 1000, activation: 'softplus:2' });
 */
export function twoLayerSpec(options: TwoLayerOptions): MlpSpec {
  const bias = options.bias ?? 'trainable';
  return {
    inputDim: options.inputDim,
    init: options.init ?? 'paper',
    outputScale: options.outputScale ?? 1,
    layers: [
      { units: options.width, activation: options.activation, bias: bias !== 'none', biasTrainable: bias === 'trainable' },
      { units: 1, activation: 'linear', bias: false, trainable: options.trainOutput ?? false },
    ],
  };
}

/** Options of {@link deepSpec}. */
export interface DeepOptions {
  readonly inputDim: number;
  /** Hidden widths, first layer first (depth = widths.length + 1). */
  readonly widths: readonly number[];
  readonly activation: string;
  readonly outputDim?: number;
  readonly init?: z.input<typeof initializerSpecSchema>;
  readonly outputScale?: number;
  /** First-layer bias: trained (default), frozen, or absent. Other layers always train theirs. */
  readonly firstBias?: 'trainable' | 'frozen' | 'none';
}

/**
 * A deep student with every parameter trainable: hidden layers with biases and the same
 * activation, a linear output layer with bias.
 *
 * @example deepSpec({ inputDim: 20, widths: [64, 64, 64], activation: 'softplus:2' }); // depth 4
 */
export function deepSpec(options: DeepOptions): MlpSpec {
  const first = options.firstBias ?? 'trainable';
  return {
    inputDim: options.inputDim,
    init: options.init ?? 'paper',
    outputScale: options.outputScale ?? 1,
    layers: [
      ...options.widths.map((units, i) =>
        i === 0 ? { units, activation: options.activation, bias: first !== 'none', biasTrainable: first === 'trainable' } : { units, activation: options.activation },
      ),
      { units: options.outputDim ?? 1, activation: 'linear' },
    ],
  };
}
