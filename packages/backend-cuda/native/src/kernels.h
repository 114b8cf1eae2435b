// Host entry points of the kernels. Pointers are device pointers; every launch goes on the
// one stream and returns without waiting. Shapes arrive already validated by the TypeScript
// side, which also collapses dimensions so that strided kernels see the smallest rank.
#pragma once

#include <cstdint>

#include "types.h"

namespace dr {

/** Unary operations; the numbering is shared with src/native-ops.ts. */
enum class UnaryOp : int {
  Abs = 0, Acos, Acosh, Asin, Asinh, Atan, Atanh, Ceil, Cos, Cosh,
  Elu, Erf, Exp, Expm1, Floor, IsFinite, IsInf, IsNan, LeakyRelu, Log,
  Log1p, LogicalNot, Neg, Reciprocal, Relu, Relu6, Round, Rsqrt, Selu, Sigmoid,
  Sign, Sin, Sinh, Softplus, Sqrt, Square, Step, Tan, Tanh, ClipByValue,
  Identity, Count
};

/** Binary operations; the numbering is shared with src/native-ops.ts. */
enum class BinaryOp : int {
  Add = 0, Sub, Mul, Div, FloorDiv, Mod, Pow, Maximum, Minimum, SquaredDifference,
  Atan2, Prelu, Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, LogicalOr,
  Count
};

/** Reductions; the numbering is shared with src/native-ops.ts. */
enum class ReduceOp : int { Sum = 0, Prod, Max, Min, Mean, All, Any, ArgMax, ArgMin, Count };

/** y = op(x) elementwise over n items; computed in float (double for int32 input), stored as `out`. */
void unary(UnaryOp op, DType in, DType out, const void* x, void* y, int64_t n, float alpha, float beta);

/** z = op(a, b) over the iteration space `s` (stride[0]: a, stride[1]: b; z is dense). */
void binary(BinaryOp op, DType in, DType out, const void* a, const void* b, void* z, const Strided& s);

/** z = cond ? a : b over `s` (stride[0]: cond (bool), stride[1]: a, stride[2]: b). */
void select(DType t, const void* cond, const void* a, const void* b, void* z, const Strided& s);

/** Converts n items between dtypes (float→int truncates toward zero, NaN→0; →bool is x ≠ 0). */
void cast(DType from, DType to, const void* x, void* y, int64_t n);

/** Fills n items with `value` (converted to t). */
void fill(DType t, void* y, int64_t n, double value);

/** y[i] = start + i·step. */
void range(DType t, void* y, int64_t n, double start, double step);

/** y[i, d] = (indices[i] == d) ? on : off, for n indices and depth d. */
void oneHot(DType t, const int32_t* indices, void* y, int64_t n, int64_t depth, double on, double off);

/** dst[dstOffset + Σ idx·stride[1]] = src[srcOffset + Σ idx·stride[0]] over `s`; element size 1 or 4 bytes. */
void copyStrided(int elementBytes, const void* src, int64_t srcOffset, void* dst, int64_t dstOffset, const Strided& s);

/**
 * out[b, o, m, i] = x[b, o, idx[b, m], i] with x viewed as [batch, outer, n, inner] and
 * idx as [batch, m]; an index outside [0, n) gives 0.
 */
void gather(int elementBytes, const void* x, const int32_t* indices, void* out, int64_t batch, int64_t outer, int64_t n,
            int64_t inner, int64_t m);

/**
 * GatherNd: slice s of `out` (sliceSize elements) is slice f of `params`, f = Σ_j idx[s, j]·strides[j]
 * with strides in slices (idx.rank = sliceRank = strides.rank); f outside [0, paramSlices) gives 0.
 */
void gatherNd(int elementBytes, const void* params, const int32_t* indices, void* out, int64_t numSlices, int64_t sliceSize,
              const Strided& strides, int64_t paramSlices);

/** ScatterNd: out = 0, then out[f·sliceSize + k] += updates[u·sliceSize + k] for update u at slice f (as GatherNd). */
void scatterNd(DType t, const int32_t* indices, const void* updates, void* out, int64_t numUpdates, int64_t sliceSize,
               const Strided& strides, int64_t outSlices);

/** out[s, i] = Σ_{j : ids[j] = s} x[j, i] for s in [0, segments); ids outside are dropped. */
void unsortedSegmentSum(DType t, const void* x, const int32_t* ids, void* out, int64_t count, int64_t inner,
                        int64_t segments);

/**
 * out[o, i] = reduce_r x[o, r, i] with x viewed as [outer, r, inner]. `scratch` (device,
 * at least reduceScratchBytes(...) bytes, may be null when that is 0) holds partial results.
 */
void reduce(ReduceOp op, DType in, DType out, const void* x, void* y, int64_t outer, int64_t r, int64_t inner,
            void* scratch);
int64_t reduceScratchBytes(ReduceOp op, int64_t outer, int64_t r, int64_t inner);

/** Cumulative sum or product along the middle axis of [outer, n, inner]. */
void cumulative(bool product, DType t, const void* x, void* y, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                bool reverse);

/** Softmax over the last axis of a [rows, cols] float matrix. */
void softmax(const float* x, float* y, int64_t rows, int64_t cols);

/**
 * Philox4x32-10 draws: element i takes word i mod 4 of the block with counter (⌊i/4⌋, 0, 0, 0)
 * (the 64-bit block number split over the first two counter words). Normal: Box–Muller on
 * word pairs, in double precision, then (a + b·z); uniform: a + (b − a)·u with u the top 24
 * bits of a word. Exactly the layout of packages/core/src/random/sample.ts.
 */
void randomNormal(float* y, int64_t n, uint32_t k0, uint32_t k1, double mean, double std);
void randomUniform(float* y, int64_t n, uint32_t k0, uint32_t k1, double low, double high);

/** C[b] = op(A[b])·op(B[b]) in float32, row-major; strides in elements between batch items (0 broadcasts). */
struct GemmArgs {
  const float* a;
  const float* b;
  float* c;
  int64_t batch, m, n, k;
  bool transposeA, transposeB;
  int64_t strideA, strideB, strideC;
};

/** The GEMM implementation this build selected (cuBLASLt, cuBLAS or the tiled kernel). */
const char* gemmPath();
/** Uses TF32 tensor cores in the library GEMM when `on` (ignored by the tiled kernel). */
void setTf32(bool on);
bool tf32();
/** Forces the tiled kernel even when a library GEMM exists (for comparisons). */
void setForceTiledGemm(bool on);
void gemm(const GemmArgs& args);
void gemmTiled(const GemmArgs& args);
/** Releases library handles (at process exit). */
void gemmShutdown();

}  // namespace dr
