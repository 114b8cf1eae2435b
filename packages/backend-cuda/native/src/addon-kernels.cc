// N-API bindings of the kernels: validate arguments, resolve handles, launch (kernels.h).
#include "bindings.h"
#include "kernels.h"

namespace dr {

napi_value Unary(const Args& a) {
  const int64_t op = a.integer(0);
  if (op < 0 || op >= static_cast<int64_t>(UnaryOp::Count)) throw ArgumentError("unknown unary op");
  unary(static_cast<UnaryOp>(op), a.dtype(1), a.dtype(2), a.pointer(3), a.pointer(4), a.integer(5),
        static_cast<float>(a.number(6)), static_cast<float>(a.number(7)));
  return undefinedValue(a.env());
}

napi_value Binary(const Args& a) {
  const int64_t op = a.integer(0);
  if (op < 0 || op >= static_cast<int64_t>(BinaryOp::Count)) throw ArgumentError("unknown binary op");
  binary(static_cast<BinaryOp>(op), a.dtype(1), a.dtype(2), a.pointer(3), a.pointer(4), a.pointer(5), strided(a, 6, 7, 2));
  return undefinedValue(a.env());
}

napi_value Select(const Args& a) {
  select(a.dtype(0), a.pointer(1), a.pointer(2), a.pointer(3), a.pointer(4), strided(a, 5, 6, 3));
  return undefinedValue(a.env());
}

napi_value Cast(const Args& a) {
  cast(a.dtype(0), a.dtype(1), a.pointer(2), a.pointer(3), a.integer(4));
  return undefinedValue(a.env());
}

napi_value Fill(const Args& a) {
  fill(a.dtype(0), a.pointer(1), a.integer(2), a.number(3));
  return undefinedValue(a.env());
}

napi_value Range(const Args& a) {
  range(a.dtype(0), a.pointer(1), a.integer(2), a.number(3), a.number(4));
  return undefinedValue(a.env());
}

napi_value OneHot(const Args& a) {
  oneHot(a.dtype(0), static_cast<const int32_t*>(a.pointer(1)), a.pointer(2), a.integer(3), a.integer(4), a.number(5),
         a.number(6));
  return undefinedValue(a.env());
}

napi_value CopyStrided(const Args& a) {
  const int64_t elementBytes = a.integer(0);
  if (elementBytes != 1 && elementBytes != 4) throw ArgumentError("element size must be 1 or 4");
  copyStrided(static_cast<int>(elementBytes), a.pointer(1), a.integer(2), a.pointer(3), a.integer(4), strided(a, 5, 6, 2));
  return undefinedValue(a.env());
}

napi_value Gather(const Args& a) {
  const int64_t elementBytes = a.integer(0);
  if (elementBytes != 1 && elementBytes != 4) throw ArgumentError("element size must be 1 or 4");
  gather(static_cast<int>(elementBytes), a.pointer(1), static_cast<const int32_t*>(a.pointer(2)), a.pointer(3), a.integer(4),
         a.integer(5), a.integer(6), a.integer(7), a.integer(8));
  return undefinedValue(a.env());
}

/** Strides (in slices) of GatherNd / ScatterNd as a rank-n Strided. */
static Strided sliceStrides(const Args& a, size_t at) {
  const std::vector<int64_t> strides = a.integers(at);
  if (strides.size() > static_cast<size_t>(kMaxRank)) throw ArgumentError("index depth above " + std::to_string(kMaxRank));
  Strided s{};
  s.rank = static_cast<int>(strides.size());
  for (int j = 0; j < s.rank; ++j) s.stride[0][j] = static_cast<int32_t>(strides[j]);
  return s;
}

napi_value GatherNd(const Args& a) {
  const int64_t elementBytes = a.integer(0);
  if (elementBytes != 1 && elementBytes != 4) throw ArgumentError("element size must be 1 or 4");
  gatherNd(static_cast<int>(elementBytes), a.pointer(1), static_cast<const int32_t*>(a.pointer(2)), a.pointer(3), a.integer(4),
           a.integer(5), sliceStrides(a, 6), a.integer(7));
  return undefinedValue(a.env());
}

napi_value ScatterNd(const Args& a) {
  scatterNd(a.dtype(0), static_cast<const int32_t*>(a.pointer(1)), a.pointer(2), a.pointer(3), a.integer(4), a.integer(5),
            sliceStrides(a, 6), a.integer(7));
  return undefinedValue(a.env());
}

napi_value SegmentSum(const Args& a) {
  unsortedSegmentSum(a.dtype(0), a.pointer(1), static_cast<const int32_t*>(a.pointer(2)), a.pointer(3), a.integer(4),
                     a.integer(5), a.integer(6));
  return undefinedValue(a.env());
}

napi_value Reduce(const Args& a) {
  const int64_t op = a.integer(0);
  if (op < 0 || op >= static_cast<int64_t>(ReduceOp::Count)) throw ArgumentError("unknown reduction");
  const ReduceOp reduceOp = static_cast<ReduceOp>(op);
  const int64_t outer = a.integer(5), r = a.integer(6), inner = a.integer(7);
  const int64_t scratchBytes = reduceScratchBytes(reduceOp, outer, r, inner);
  std::size_t granted = 0;
  void* scratch = scratchBytes > 0 ? scratchAllocate(static_cast<std::size_t>(scratchBytes), &granted) : nullptr;
  try {
    reduce(reduceOp, a.dtype(1), a.dtype(2), a.pointer(3), a.pointer(4), outer, r, inner, scratch);
  } catch (...) {
    scratchRelease(scratch, granted);
    throw;
  }
  // Stream order makes the immediate release safe: a later user runs after this reduction.
  scratchRelease(scratch, granted);
  return undefinedValue(a.env());
}

napi_value Cumulative(const Args& a) {
  cumulative(a.boolean(0), a.dtype(1), a.pointer(2), a.pointer(3), a.integer(4), a.integer(5), a.integer(6), a.boolean(7),
             a.boolean(8));
  return undefinedValue(a.env());
}

napi_value Softmax(const Args& a) {
  softmax(static_cast<const float*>(a.pointer(0)), static_cast<float*>(a.pointer(1)), a.integer(2), a.integer(3));
  return undefinedValue(a.env());
}

napi_value RandomNormal(const Args& a) {
  randomNormal(static_cast<float*>(a.pointer(0)), a.integer(1), static_cast<uint32_t>(a.integer(2)),
               static_cast<uint32_t>(a.integer(3)), a.number(4), a.number(5));
  return undefinedValue(a.env());
}

napi_value RandomUniform(const Args& a) {
  randomUniform(static_cast<float*>(a.pointer(0)), a.integer(1), static_cast<uint32_t>(a.integer(2)),
                static_cast<uint32_t>(a.integer(3)), a.number(4), a.number(5));
  return undefinedValue(a.env());
}

napi_value Matmul(const Args& a) {
  GemmArgs g;
  g.a = static_cast<const float*>(a.pointer(0));
  g.b = static_cast<const float*>(a.pointer(1));
  g.c = static_cast<float*>(a.pointer(2));
  g.batch = a.integer(3);
  g.m = a.integer(4);
  g.n = a.integer(5);
  g.k = a.integer(6);
  g.transposeA = a.boolean(7);
  g.transposeB = a.boolean(8);
  g.strideA = a.integer(9);
  g.strideB = a.integer(10);
  g.strideC = a.integer(11);
  gemm(g);
  return undefinedValue(a.env());
}

}  // namespace dr
