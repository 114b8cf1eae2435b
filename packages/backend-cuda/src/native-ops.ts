/**
 * Operation codes shared with native/src/kernels.h (UnaryOp, BinaryOp, ReduceOp): the order
 * of each list is the numbering of the C++ enum.
 */

export const UNARY_OPS = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh',
  'Elu', 'Erf', 'Exp', 'Expm1', 'Floor', 'IsFinite', 'IsInf', 'IsNan', 'LeakyRelu', 'Log',
  'Log1p', 'LogicalNot', 'Neg', 'Reciprocal', 'Relu', 'Relu6', 'Round', 'Rsqrt', 'Selu', 'Sigmoid',
  'Sign', 'Sin', 'Sinh', 'Softplus', 'Sqrt', 'Square', 'Step', 'Tan', 'Tanh', 'ClipByValue',
  'Identity',
] as const;
export type UnaryOpName = (typeof UNARY_OPS)[number];

export const BINARY_OPS = [
  'Add', 'Sub', 'Multiply', 'RealDiv', 'FloorDiv', 'Mod', 'Pow', 'Maximum', 'Minimum', 'SquaredDifference',
  'Atan2', 'Prelu', 'Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr',
] as const;
export type BinaryOpName = (typeof BINARY_OPS)[number];

export const REDUCE_OPS = ['Sum', 'Prod', 'Max', 'Min', 'Mean', 'All', 'Any', 'ArgMax', 'ArgMin'] as const;
export type ReduceOpName = (typeof REDUCE_OPS)[number];

/** Native code of an op name in one of the lists above. */
export function opCode<T extends string>(list: readonly T[], name: T): number {
  const code = list.indexOf(name);
  if (code < 0) throw new Error(`no native op '${name}'`);
  return code;
}
