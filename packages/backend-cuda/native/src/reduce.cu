// Reductions over the middle axis of [outer, r, inner] (the TypeScript side transposes when
// the reduced axes are not contiguous), cumulative sum/product, and softmax.
//
// Layouts: inner == 1 and r large → one block per row with a shared-memory tree;
// otherwise one thread per output looping over r (coalesced across inner). When there are
// few outputs and r is long, a first pass reduces chunks of r into `scratch` and a second
// pass reduces the chunks. Semantics follow tfjs-backend-cpu: max/min propagate NaN,
// argMax/argMin take the first extreme and ignore NaN unless the first element is NaN.
#include "kernel.h"
#include "kernels.h"

namespace dr {

namespace {

constexpr unsigned kRowThreads = 256;
constexpr unsigned kThreads = 256;
constexpr int64_t kSplitMinR = 4096;    // split r into chunks only beyond this length
constexpr int64_t kChunk = 2048;        // target chunk length
constexpr int64_t kFewOutputs = 4096;   // "few" outputs: less than this many

template <typename T>
struct AccOf {
  using type = double;
};
template <>
struct AccOf<float> {
  using type = float;
};

template <typename Acc>
DR_DEVICE Acc identity(int op) {
  switch (static_cast<ReduceOp>(op)) {
    case ReduceOp::Prod: return Acc(1);
    case ReduceOp::Max: return Acc(-INFINITY);
    case ReduceOp::Min: return Acc(INFINITY);
    case ReduceOp::All: return Acc(1);
    default: return Acc(0);
  }
}

template <typename Acc>
DR_DEVICE Acc combine(int op, Acc a, Acc b) {
  switch (static_cast<ReduceOp>(op)) {
    case ReduceOp::Prod: return a * b;
    case ReduceOp::Max: return (a != a) ? a : ((b != b || b > a) ? b : a);
    case ReduceOp::Min: return (a != a) ? a : ((b != b || b < a) ? b : a);
    case ReduceOp::All: return (a != Acc(0) && b != Acc(0)) ? Acc(1) : Acc(0);
    case ReduceOp::Any: return (a != Acc(0) || b != Acc(0)) ? Acc(1) : Acc(0);
    default: return a + b;  // Sum, Mean
  }
}

DR_DEVICE int32_t wrapInt32(double v) {
  if (!(v == v) || v == INFINITY || v == -INFINITY) return 0;
  double t = trunc(v);
  if (t >= -2147483648.0 && t <= 2147483647.0) return static_cast<int32_t>(t);
  double m = fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(m));
}

template <typename Out, typename Acc>
DR_DEVICE Out finish(int op, Acc acc, int32_t meanCount) {
  if (static_cast<ReduceOp>(op) == ReduceOp::Mean && meanCount > 0) acc = acc / Acc(meanCount);
  return static_cast<Out>(acc);
}
template <>
DR_DEVICE int32_t finish<int32_t, double>(int op, double acc, int32_t meanCount) {
  if (static_cast<ReduceOp>(op) == ReduceOp::Mean && meanCount > 0) acc = acc / meanCount;
  return wrapInt32(acc);
}
template <>
DR_DEVICE uint8_t finish<uint8_t, double>(int, double acc, int32_t) { return acc != 0 ? 1 : 0; }
template <>
DR_DEVICE uint8_t finish<uint8_t, float>(int, float acc, int32_t) { return acc != 0 ? 1 : 0; }

// rows = outer·chunks virtual rows; row v covers x[o·r + c·len, o·r + min(r, (c+1)·len)).
template <typename In, typename Acc, typename Out>
DR_KERNEL void reduceRowsKernel(int op, const In* x, Out* y, int32_t rows, int32_t r, int32_t chunks, int32_t len,
                                int32_t meanCount) {
  DR_SHARED Acc partial[kRowThreads];
  for (int32_t v = blockIdx.x; v < rows; v += gridDim.x) {
    const int32_t o = v / chunks;
    const int32_t c = v - o * chunks;
    const int32_t begin = c * len;
    const int32_t end = minOf(r, begin + len);
    const In* row = x + static_cast<int64_t>(o) * r;
    Acc acc = identity<Acc>(op);
    for (int32_t k = begin + threadIdx.x; k < end; k += blockDim.x) acc = combine<Acc>(op, acc, static_cast<Acc>(row[k]));
    partial[threadIdx.x] = acc;
    DR_SYNC();
    for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) partial[threadIdx.x] = combine<Acc>(op, partial[threadIdx.x], partial[threadIdx.x + width]);
      DR_SYNC();
    }
    if (threadIdx.x == 0) y[v] = finish<Out, Acc>(op, partial[0], meanCount);
    DR_SYNC();
  }
}

// One thread per output (o, c, i) of [outer, chunks, inner].
template <typename In, typename Acc, typename Out>
DR_KERNEL void reduceColsKernel(int op, const In* x, Out* y, int32_t outer, int32_t r, int32_t inner, int32_t chunks,
                                int32_t len, int32_t meanCount) {
  const int64_t total = static_cast<int64_t>(outer) * chunks * inner;
  DR_FOR(t, total) {
    const int32_t i = static_cast<int32_t>(t % inner);
    const int32_t rest = static_cast<int32_t>(t / inner);
    const int32_t c = rest % chunks;
    const int32_t o = rest / chunks;
    const int32_t begin = c * len;
    const int32_t end = minOf(r, begin + len);
    const In* base = x + static_cast<int64_t>(o) * r * inner + i;
    Acc acc = identity<Acc>(op);
    for (int32_t k = begin; k < end; ++k) acc = combine<Acc>(op, acc, static_cast<Acc>(base[static_cast<int64_t>(k) * inner]));
    y[t] = finish<Out, Acc>(op, acc, meanCount);
  }
}

// Is candidate (v, k) better than the current best (bv, bk)? NaN never is; ties keep the lower index.
template <typename Acc>
DR_DEVICE bool better(bool isMax, Acc v, int32_t k, Acc bv, int32_t bk) {
  if (v != v) return false;
  if (bk < 0) return true;
  if (isMax ? v > bv : v < bv) return true;
  return v == bv && k < bk;
}

template <typename In, typename Acc>
DR_KERNEL void argRowsKernel(bool isMax, const In* x, int32_t* y, int32_t rows, int32_t r) {
  DR_SHARED Acc values[kRowThreads];
  DR_SHARED int32_t indices[kRowThreads];
  for (int32_t o = blockIdx.x; o < rows; o += gridDim.x) {
    const In* row = x + static_cast<int64_t>(o) * r;
    Acc best = Acc(0);
    int32_t bestIndex = -1;
    for (int32_t k = threadIdx.x; k < r; k += blockDim.x) {
      const Acc v = static_cast<Acc>(row[k]);
      if (better<Acc>(isMax, v, k, best, bestIndex)) {
        best = v;
        bestIndex = k;
      }
    }
    values[threadIdx.x] = best;
    indices[threadIdx.x] = bestIndex;
    DR_SYNC();
    for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) {
        const int32_t other = indices[threadIdx.x + width];
        if (other >= 0 && better<Acc>(isMax, values[threadIdx.x + width], other, values[threadIdx.x], indices[threadIdx.x])) {
          values[threadIdx.x] = values[threadIdx.x + width];
          indices[threadIdx.x] = other;
        }
      }
      DR_SYNC();
    }
    if (threadIdx.x == 0) {
      const Acc first = r > 0 ? static_cast<Acc>(row[0]) : Acc(0);
      y[o] = (first != first || indices[0] < 0) ? 0 : indices[0];
    }
    DR_SYNC();
  }
}

template <typename In, typename Acc>
DR_KERNEL void argColsKernel(bool isMax, const In* x, int32_t* y, int32_t outer, int32_t r, int32_t inner) {
  DR_FOR(t, static_cast<int64_t>(outer) * inner) {
    const int32_t i = static_cast<int32_t>(t % inner);
    const int32_t o = static_cast<int32_t>(t / inner);
    const In* base = x + static_cast<int64_t>(o) * r * inner + i;
    Acc best = Acc(0);
    int32_t bestIndex = -1;
    for (int32_t k = 0; k < r; ++k) {
      const Acc v = static_cast<Acc>(base[static_cast<int64_t>(k) * inner]);
      if (better<Acc>(isMax, v, k, best, bestIndex)) {
        best = v;
        bestIndex = k;
      }
    }
    const Acc first = r > 0 ? static_cast<Acc>(base[0]) : Acc(0);
    y[t] = (first != first || bestIndex < 0) ? 0 : bestIndex;
  }
}

template <typename In, typename Acc, typename Out>
DR_KERNEL void cumulativeKernel(bool product, const In* x, Out* y, int32_t outer, int32_t n, int32_t inner,
                                bool exclusive, bool reverse) {
  DR_FOR(t, static_cast<int64_t>(outer) * inner) {
    const int32_t i = static_cast<int32_t>(t % inner);
    const int32_t o = static_cast<int32_t>(t / inner);
    const int64_t base = static_cast<int64_t>(o) * n * inner + i;
    Acc acc = product ? Acc(1) : Acc(0);
    for (int32_t s = 0; s < n; ++s) {
      const int32_t k = reverse ? n - 1 - s : s;
      const int64_t at = base + static_cast<int64_t>(k) * inner;
      const Acc v = static_cast<Acc>(x[at]);
      if (exclusive) {
        y[at] = finish<Out, Acc>(0, acc, 0);
        acc = product ? acc * v : acc + v;
      } else {
        acc = product ? acc * v : acc + v;
        y[at] = finish<Out, Acc>(0, acc, 0);
      }
    }
  }
}

DR_KERNEL void softmaxSmallKernel(const float* x, float* y, int32_t rows, int32_t cols) {
  DR_FOR(row, rows) {
    const float* in = x + row * static_cast<int64_t>(cols);
    float* out = y + row * static_cast<int64_t>(cols);
    float m = -INFINITY;
    for (int32_t j = 0; j < cols; ++j) m = (in[j] != in[j] || in[j] > m) ? in[j] : m;
    float total = 0;
    for (int32_t j = 0; j < cols; ++j) total += expf(in[j] - m);
    for (int32_t j = 0; j < cols; ++j) out[j] = expf(in[j] - m) / total;
  }
}

DR_KERNEL void softmaxRowsKernel(const float* x, float* y, int32_t rows, int32_t cols) {
  DR_SHARED float partial[kRowThreads];
  for (int32_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const float* in = x + row * static_cast<int64_t>(cols);
    float* out = y + row * static_cast<int64_t>(cols);
    float m = -INFINITY;
    for (int32_t j = threadIdx.x; j < cols; j += blockDim.x) m = (in[j] != in[j] || in[j] > m) ? in[j] : m;
    partial[threadIdx.x] = m;
    DR_SYNC();
    for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) {
        const float a = partial[threadIdx.x], b = partial[threadIdx.x + width];
        partial[threadIdx.x] = (a != a) ? a : ((b != b || b > a) ? b : a);
      }
      DR_SYNC();
    }
    m = partial[0];
    DR_SYNC();
    float total = 0;
    for (int32_t j = threadIdx.x; j < cols; j += blockDim.x) total += expf(in[j] - m);
    partial[threadIdx.x] = total;
    DR_SYNC();
    for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
      if (threadIdx.x < width) partial[threadIdx.x] += partial[threadIdx.x + width];
      DR_SYNC();
    }
    total = partial[0];
    for (int32_t j = threadIdx.x; j < cols; j += blockDim.x) out[j] = expf(in[j] - m) / total;
    DR_SYNC();
  }
}

template <typename F>
void withType(DType t, F&& fn) {
  switch (t) {
    case DType::Float32: fn(float{}); break;
    case DType::Int32: fn(int32_t{}); break;
    case DType::Bool: fn(uint8_t{}); break;
    default: throw DeviceError(0, "unknown dtype");
  }
}

bool isArg(ReduceOp op) { return op == ReduceOp::ArgMax || op == ReduceOp::ArgMin; }

/** Chunks for the two-pass plan, or 1 for a single pass. */
int64_t chunksFor(ReduceOp op, int64_t outer, int64_t r, int64_t inner) {
  if (isArg(op) || r < kSplitMinR || outer * inner >= kFewOutputs) return 1;
  int64_t chunks = (r + kChunk - 1) / kChunk;
  return chunks > 1024 ? 1024 : chunks;
}

unsigned blocksForRows(int64_t rows) {
#if defined(DR_EMULATE)
  return static_cast<unsigned>(rows < 2 ? rows : 2);
#else
  return static_cast<unsigned>(rows < 65535 ? rows : 65535);
#endif
}

// One pass over [outer, r, inner] split into `chunks` (1: the final result, with the mean divided).
template <typename In, typename Acc, typename Out>
void reducePass(ReduceOp op, const In* x, Out* y, int64_t outer, int64_t r, int64_t inner, int64_t chunks,
                int32_t meanCount) {
  const int64_t len = (r + chunks - 1) / chunks;
  if (inner == 1 && len >= 64) {
    const int64_t rows = outer * chunks;
    launchSync(reduceRowsKernel<In, Acc, Out>, blocksForRows(rows), kRowThreads, static_cast<int>(op), x, y,
                   static_cast<int32_t>(rows), static_cast<int32_t>(r), static_cast<int32_t>(chunks),
                   static_cast<int32_t>(len), meanCount);
  } else {
    const int64_t total = outer * chunks * inner;
    launch(reduceColsKernel<In, Acc, Out>, gridFor(total, kThreads), kThreads, static_cast<int>(op), x, y,
              static_cast<int32_t>(outer), static_cast<int32_t>(r), static_cast<int32_t>(inner),
              static_cast<int32_t>(chunks), static_cast<int32_t>(len), meanCount);
  }
}

}  // namespace

int64_t reduceScratchBytes(ReduceOp op, int64_t outer, int64_t r, int64_t inner) {
  const int64_t chunks = chunksFor(op, outer, r, inner);
  return chunks == 1 ? 0 : outer * chunks * inner * static_cast<int64_t>(sizeof(double));
}

void reduce(ReduceOp op, DType in, DType out, const void* x, void* y, int64_t outer, int64_t r, int64_t inner,
            void* scratch) {
  if (outer * inner == 0) return;
  withType(in, [&](auto i) {
    using In = decltype(i);
    using Acc = typename AccOf<In>::type;
    const In* input = static_cast<const In*>(x);
    if (isArg(op)) {
      const bool isMax = op == ReduceOp::ArgMax;
      int32_t* indices = static_cast<int32_t*>(y);
      if (inner == 1 && r >= 64) {
        launchSync(argRowsKernel<In, Acc>, blocksForRows(outer), kRowThreads, isMax, input, indices,
                       static_cast<int32_t>(outer), static_cast<int32_t>(r));
      } else {
        launch(argColsKernel<In, Acc>, gridFor(outer * inner, kThreads), kThreads, isMax, input, indices,
                  static_cast<int32_t>(outer), static_cast<int32_t>(r), static_cast<int32_t>(inner));
      }
      return;
    }
    const int32_t meanCount = op == ReduceOp::Mean ? static_cast<int32_t>(r) : 0;
    withType(out, [&](auto o) {
      using Out = decltype(o);
      Out* output = static_cast<Out*>(y);
      const int64_t chunks = chunksFor(op, outer, r, inner);
      if (chunks == 1) {
        reducePass<In, Acc, Out>(op, input, output, outer, r, inner, 1, meanCount);
        return;
      }
      if (scratch == nullptr) throw DeviceError(0, "reduce: scratch buffer missing for a two-pass reduction");
      Acc* partial = static_cast<Acc*>(scratch);
      reducePass<In, Acc, Acc>(op, input, partial, outer, r, inner, chunks, 0);
      reducePass<Acc, Acc, Out>(op, partial, output, outer, chunks, inner, 1, meanCount);
    });
  });
}

void cumulative(bool product, DType t, const void* x, void* y, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                bool reverse) {
  if (outer * n * inner == 0) return;
  withType(t, [&](auto v) {
    using T = decltype(v);
    using Acc = typename AccOf<T>::type;
    launch(cumulativeKernel<T, Acc, T>, gridFor(outer * inner, kThreads), kThreads, product,
              static_cast<const T*>(x), static_cast<T*>(y), static_cast<int32_t>(outer), static_cast<int32_t>(n),
              static_cast<int32_t>(inner), exclusive, reverse);
  });
}

void softmax(const float* x, float* y, int64_t rows, int64_t cols) {
  if (rows * cols == 0) return;
  if (cols <= 64) {
    launch(softmaxSmallKernel, gridFor(rows, kThreads), kThreads, x, y, static_cast<int32_t>(rows),
              static_cast<int32_t>(cols));
  } else {
    launchSync(softmaxRowsKernel, blocksForRows(rows), kRowThreads, x, y, static_cast<int32_t>(rows),
                   static_cast<int32_t>(cols));
  }
}

}  // namespace dr
