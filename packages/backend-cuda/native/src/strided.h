// Offsets of the operands of a strided iteration space (see Strided in types.h).
#pragma once

#include "kernel.h"

namespace dr {

/** Number of points of the iteration space. */
inline int64_t stridedSize(const Strided& s) {
  int64_t n = 1;
  for (int d = 0; d < s.rank; ++d) n *= s.shape[d];
  return n;
}

/** off[k] = Σ_d idx_d · stride[k][d] where idx is the row-major unravelling of `linear`. */
template <int N>
DR_DEVICE void stridedOffsets(const Strided& s, int32_t linear, int32_t (&off)[N]) {
  if (s.rank == 1) {
    for (int k = 0; k < N; ++k) off[k] = linear * s.stride[k][0];
    return;
  }
  for (int k = 0; k < N; ++k) off[k] = 0;
  for (int d = s.rank - 1; d >= 0; --d) {
    const int32_t dim = s.shape[d];
    const int32_t q = linear / dim;
    const int32_t r = linear - q * dim;
    linear = q;
    for (int k = 0; k < N; ++k) off[k] += r * s.stride[k][d];
  }
}

}  // namespace dr
