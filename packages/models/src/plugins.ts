import { definePlugin, type AnyRegistry } from '@derand/registry';
import type { RandomKey } from '@derand/core';
import { activationPlugins } from './activations/plugins.js';
import { createMlp, type Mlp } from './mlp/mlp.js';
import { mlpSpecSchema, parseMlpSpec, type NormalizedMlpSpec } from './mlp/mlp-spec.js';
import { createTeacher, parseTeacherSpec, teacherSpecSchema, type NormalizedTeacherSpec, type Teacher } from './teachers/teacher.js';

/**
 * What a model or teacher plugin creates: the validated spec and a builder drawing its tensors
 * from a key. Structure discovery asks its `studentModel` part for a {@link ModelFactory} of an
 * {@link Mlp} (the first layer's weights named `W`, its bias `b`) and its `teacherModel` part
 * for one of a {@link Teacher}.
 */
export interface ModelFactory<Spec, Built> {
  readonly spec: Spec;
  build(key: RandomKey): Built;
}

/** The student network of any depth (kind `model`, id `mlp`). */
export const mlpModel = definePlugin({
  kind: 'model',
  id: 'mlp',
  summary: 'Multilayer perceptron of any depth and widths; per-layer activation, bias and trainability; paper/Glorot/He init.',
  options: mlpSpecSchema,
  source: '@derand/models',
  create: (options, context): ModelFactory<NormalizedMlpSpec, Mlp> => {
    const registry: AnyRegistry | undefined = context?.registry;
    const spec = parseMlpSpec(options, registry);
    return { spec, build: (key) => createMlp(spec, key, registry) };
  },
});

/** The single- and multi-index teacher (kind `teacher`, id `multi-index`). */
export const multiIndexTeacher = definePlugin({
  kind: 'teacher',
  id: 'multi-index',
  summary: 'Teacher y = mean/sum of h(Ux) + noise with orthonormal U (k indices); tanh, relu, He_k or any activation as link.',
  options: teacherSpecSchema,
  source: '@derand/models',
  create: (options, context): ModelFactory<NormalizedTeacherSpec, Teacher> => {
    const registry: AnyRegistry | undefined = context?.registry;
    const spec = parseTeacherSpec(options, registry);
    return { spec, build: (key) => createTeacher(spec, key, registry) };
  },
});

/** Every plugin of this package (models, teachers, activations), for a registry. */
export const modelPlugins = [mlpModel, multiIndexTeacher, ...activationPlugins] as const;
