import { definePlugin } from '@derand/registry';
import type { RandomKey } from '@derand/core';
import { createMlp, type Mlp } from './mlp/mlp.js';
import { mlpSpecSchema, parseMlpSpec, type NormalizedMlpSpec } from './mlp/mlp-spec.js';
import { createTeacher, parseTeacherSpec, teacherSpecSchema, type NormalizedTeacherSpec, type Teacher } from './teachers/teacher.js';

/** What a model plugin creates: the validated spec and a builder drawing tensors from a key. */
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
  create: (options): ModelFactory<NormalizedMlpSpec, Mlp> => {
    const spec = parseMlpSpec(options);
    return { spec, build: (key) => createMlp(spec, key) };
  },
});

/** The single- and multi-index teacher (kind `model`, id `multi-index-teacher`). */
export const multiIndexTeacherModel = definePlugin({
  kind: 'model',
  id: 'multi-index-teacher',
  summary: 'Teacher y = mean/sum of h(Ux) + noise with orthonormal U (k indices); tanh, relu, He_k or any activation as link.',
  options: teacherSpecSchema,
  source: '@derand/models',
  create: (options): ModelFactory<NormalizedTeacherSpec, Teacher> => {
    const spec = parseTeacherSpec(options);
    return { spec, build: (key) => createTeacher(spec, key) };
  },
});

/** Every model plugin of this package, for a registry. */
export const modelPlugins = [mlpModel, multiIndexTeacherModel] as const;
