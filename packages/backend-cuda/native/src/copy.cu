// Data movement: strided copy (transpose, slice, concat, pad, tile, broadcast, reverse,
// strided slice all reduce to it), gather and its gradient (unsorted segment sum), and the
// n-dimensional pair GatherNd / ScatterNd.
#include "kernel.h"
#include "kernels.h"
#include "runtime.h"
#include "strided.h"

namespace dr {

namespace {

constexpr unsigned kThreads = 256;

template <typename T>
DR_KERNEL void copyKernel(const T* src, int32_t srcOffset, T* dst, int32_t dstOffset, Strided s, int32_t n) {
  DR_FOR(i, n) {
    int32_t off[2];
    stridedOffsets<2>(s, static_cast<int32_t>(i), off);
    dst[dstOffset + off[1]] = src[srcOffset + off[0]];
  }
}

template <typename T>
DR_KERNEL void gatherKernel(const T* x, const int32_t* indices, T* out, int32_t outer, int32_t n, int32_t inner,
                            int32_t m, int32_t total) {
  DR_FOR(linear, total) {
    int32_t t = static_cast<int32_t>(linear);
    const int32_t i = t % inner;
    t /= inner;
    const int32_t j = t % m;
    t /= m;
    const int32_t o = t % outer;
    const int32_t b = t / outer;
    const int32_t index = indices[b * m + j];
    out[linear] = (index >= 0 && index < n) ? x[((b * outer + o) * n + index) * inner + i] : T(0);
  }
}

template <typename T>
DR_KERNEL void segmentSumKernel(const T* x, const int32_t* ids, T* out, int32_t count, int32_t inner, int32_t segments) {
  DR_FOR(linear, static_cast<int64_t>(count) * inner) {
    const int32_t j = static_cast<int32_t>(linear / inner);
    const int32_t i = static_cast<int32_t>(linear - static_cast<int64_t>(j) * inner);
    const int32_t s = ids[j];
    if (s >= 0 && s < segments) atomicAdd(&out[s * inner + i], x[linear]);
  }
}

// Flat slice number of index tuple `row` (sliceRank int32 coordinates), or -1 when outside.
DR_DEVICE int64_t sliceOf(const int32_t* indices, int64_t row, const Strided& s, int64_t slices) {
  int64_t flat = 0;
  for (int j = 0; j < s.rank; ++j) flat += static_cast<int64_t>(indices[row * s.rank + j]) * s.stride[0][j];
  return (flat < 0 || flat >= slices) ? -1 : flat;
}

template <typename T>
DR_KERNEL void gatherNdKernel(const T* params, const int32_t* indices, T* out, int64_t total, int64_t sliceSize, Strided s,
                              int64_t paramSlices) {
  DR_FOR(linear, total) {
    const int64_t row = linear / sliceSize;
    const int64_t k = linear - row * sliceSize;
    const int64_t slice = sliceOf(indices, row, s, paramSlices);
    out[linear] = slice < 0 ? T(0) : params[slice * sliceSize + k];
  }
}

template <typename T>
DR_KERNEL void scatterNdKernel(const int32_t* indices, const T* updates, T* out, int64_t total, int64_t sliceSize, Strided s,
                               int64_t outSlices) {
  DR_FOR(linear, total) {
    const int64_t row = linear / sliceSize;
    const int64_t k = linear - row * sliceSize;
    const int64_t slice = sliceOf(indices, row, s, outSlices);
    if (slice >= 0) atomicAdd(&out[slice * sliceSize + k], updates[linear]);
  }
}

}  // namespace

void gatherNd(int elementBytes, const void* params, const int32_t* indices, void* out, int64_t numSlices, int64_t sliceSize,
              const Strided& strides, int64_t paramSlices) {
  const int64_t total = numSlices * sliceSize;
  if (total == 0) return;
  if (elementBytes == 1) {
    launch(gatherNdKernel<uint8_t>, gridFor(total, kThreads), kThreads, static_cast<const uint8_t*>(params), indices,
           static_cast<uint8_t*>(out), total, sliceSize, strides, paramSlices);
  } else {
    launch(gatherNdKernel<uint32_t>, gridFor(total, kThreads), kThreads, static_cast<const uint32_t*>(params), indices,
           static_cast<uint32_t*>(out), total, sliceSize, strides, paramSlices);
  }
}

void scatterNd(DType t, const int32_t* indices, const void* updates, void* out, int64_t numUpdates, int64_t sliceSize,
               const Strided& strides, int64_t outSlices) {
  memsetAsync(out, 0, static_cast<std::size_t>(outSlices * sliceSize) * dtypeBytes(t));
  const int64_t total = numUpdates * sliceSize;
  if (total == 0) return;
  if (t == DType::Float32) {
    launch(scatterNdKernel<float>, gridFor(total, kThreads), kThreads, indices, static_cast<const float*>(updates),
           static_cast<float*>(out), total, sliceSize, strides, outSlices);
  } else if (t == DType::Int32) {
    launch(scatterNdKernel<int>, gridFor(total, kThreads), kThreads, indices, static_cast<const int*>(updates),
           static_cast<int*>(out), total, sliceSize, strides, outSlices);
  } else {
    throw DeviceError(0, "ScatterNd supports float32 and int32");
  }
}

void copyStrided(int elementBytes, const void* src, int64_t srcOffset, void* dst, int64_t dstOffset, const Strided& s) {
  const int64_t n = stridedSize(s);
  if (n == 0) return;
  if (elementBytes == 1) {
    launch(copyKernel<uint8_t>, gridFor(n, kThreads), kThreads, static_cast<const uint8_t*>(src),
              static_cast<int32_t>(srcOffset), static_cast<uint8_t*>(dst), static_cast<int32_t>(dstOffset), s,
              static_cast<int32_t>(n));
  } else {
    launch(copyKernel<uint32_t>, gridFor(n, kThreads), kThreads, static_cast<const uint32_t*>(src),
              static_cast<int32_t>(srcOffset), static_cast<uint32_t*>(dst), static_cast<int32_t>(dstOffset), s,
              static_cast<int32_t>(n));
  }
}

void gather(int elementBytes, const void* x, const int32_t* indices, void* out, int64_t batch, int64_t outer, int64_t n,
            int64_t inner, int64_t m) {
  const int64_t total = batch * outer * m * inner;
  if (total == 0) return;
  if (elementBytes == 1) {
    launch(gatherKernel<uint8_t>, gridFor(total, kThreads), kThreads, static_cast<const uint8_t*>(x), indices,
              static_cast<uint8_t*>(out), static_cast<int32_t>(outer), static_cast<int32_t>(n),
              static_cast<int32_t>(inner), static_cast<int32_t>(m), static_cast<int32_t>(total));
  } else {
    launch(gatherKernel<uint32_t>, gridFor(total, kThreads), kThreads, static_cast<const uint32_t*>(x), indices,
              static_cast<uint32_t*>(out), static_cast<int32_t>(outer), static_cast<int32_t>(n),
              static_cast<int32_t>(inner), static_cast<int32_t>(m), static_cast<int32_t>(total));
  }
}

void unsortedSegmentSum(DType t, const void* x, const int32_t* ids, void* out, int64_t count, int64_t inner,
                        int64_t segments) {
  const int64_t outBytes = segments * inner * static_cast<int64_t>(dtypeBytes(t));
  memsetAsync(out, 0, static_cast<std::size_t>(outBytes));
  if (count * inner == 0) return;
  if (t == DType::Float32) {
    launch(segmentSumKernel<float>, gridFor(count * inner, kThreads), kThreads, static_cast<const float*>(x), ids,
              static_cast<float*>(out), static_cast<int32_t>(count), static_cast<int32_t>(inner),
              static_cast<int32_t>(segments));
  } else if (t == DType::Int32) {
    launch(segmentSumKernel<int>, gridFor(count * inner, kThreads), kThreads, static_cast<const int*>(x), ids,
              static_cast<int*>(out), static_cast<int32_t>(count), static_cast<int32_t>(inner),
              static_cast<int32_t>(segments));
  } else {
    throw DeviceError(0, "UnsortedSegmentSum supports float32 and int32");
  }
}

}  // namespace dr
