// Our own float32 GEMM, used where the toolkit has no cuBLAS: C = op(A)·op(B), row-major,
// batched by grid z. Each 256-thread block computes a 128×128 tile of C from 8-deep slices
// of A and B staged in shared memory; each thread accumulates an 8×8 sub-tile in registers
// (rows ty·4+{0..3} and 64+ty·4+{0..3}, columns likewise with tx, which keeps shared reads
// free of bank conflicts). Out-of-range elements are loaded as 0 and never stored.
#include "kernel.h"
#include "kernels.h"

namespace dr {

namespace {

constexpr int BM = 128, BN = 128, BK = 8, TM = 8, TN = 8;
constexpr unsigned kThreads = (BM / TM) * (BN / TN);  // 256

DR_KERNEL void gemmKernel(const float* a, const float* b, float* c, int32_t batch, int32_t m, int32_t n, int32_t k,
                          bool transA, bool transB, int64_t strideA, int64_t strideB, int64_t strideC) {
  DR_SHARED float As[BK][BM];
  DR_SHARED float Bs[BK][BN];
  const int tid = static_cast<int>(threadIdx.x);
  const int tx = tid % (BN / TN);
  const int ty = tid / (BN / TN);
  const int rowBase = static_cast<int>(blockIdx.y) * BM;
  const int colBase = static_cast<int>(blockIdx.x) * BN;
  for (int32_t z = blockIdx.z; z < batch; z += gridDim.z) {
    const float* A = a + z * strideA;
    const float* B = b + z * strideB;
    float* C = c + z * strideC;
    float acc[TM][TN];
    for (int i = 0; i < TM; ++i)
      for (int j = 0; j < TN; ++j) acc[i][j] = 0.0f;
    for (int k0 = 0; k0 < k; k0 += BK) {
      // A tile: BM×BK elements, 4 per thread; read along the contiguous axis of the stored A.
      for (int e = tid; e < BM * BK; e += kThreads) {
        int mm, kk;
        if (transA) {
          mm = e % BM;
          kk = e / BM;
        } else {
          kk = e % BK;
          mm = e / BK;
        }
        const int row = rowBase + mm, col = k0 + kk;
        float v = 0.0f;
        if (row < m && col < k) v = transA ? A[static_cast<int64_t>(col) * m + row] : A[static_cast<int64_t>(row) * k + col];
        As[kk][mm] = v;
      }
      for (int e = tid; e < BK * BN; e += kThreads) {
        int nn, kk;
        if (transB) {
          kk = e % BK;
          nn = e / BK;
        } else {
          nn = e % BN;
          kk = e / BN;
        }
        const int row = k0 + kk, col = colBase + nn;
        float v = 0.0f;
        if (row < k && col < n) v = transB ? B[static_cast<int64_t>(col) * k + row] : B[static_cast<int64_t>(row) * n + col];
        Bs[kk][nn] = v;
      }
      DR_SYNC();
      for (int kk = 0; kk < BK; ++kk) {
        float ra[TM], rb[TN];
        for (int i = 0; i < TM / 2; ++i) {
          ra[i] = As[kk][ty * 4 + i];
          ra[i + TM / 2] = As[kk][BM / 2 + ty * 4 + i];
        }
        for (int j = 0; j < TN / 2; ++j) {
          rb[j] = Bs[kk][tx * 4 + j];
          rb[j + TN / 2] = Bs[kk][BN / 2 + tx * 4 + j];
        }
        for (int i = 0; i < TM; ++i)
          for (int j = 0; j < TN; ++j) acc[i][j] += ra[i] * rb[j];
      }
      DR_SYNC();
    }
    for (int i = 0; i < TM; ++i) {
      const int row = rowBase + (i < TM / 2 ? ty * 4 + i : BM / 2 + ty * 4 + (i - TM / 2));
      if (row >= m) continue;
      for (int j = 0; j < TN; ++j) {
        const int col = colBase + (j < TN / 2 ? tx * 4 + j : BN / 2 + tx * 4 + (j - TN / 2));
        if (col < n) C[static_cast<int64_t>(row) * n + col] = acc[i][j];
      }
    }
  }
}

}  // namespace

void gemmTiled(const GemmArgs& g) {
  if (g.batch == 0 || g.m == 0 || g.n == 0) return;
  const unsigned gx = static_cast<unsigned>((g.n + BN - 1) / BN);
  const unsigned gy = static_cast<unsigned>((g.m + BM - 1) / BM);
  const unsigned gz = static_cast<unsigned>(g.batch < 65535 ? g.batch : 65535);
  launchSync(gemmKernel, dim3(gx, gy, gz), kThreads, g.a, g.b, g.c, static_cast<int32_t>(g.batch),
             static_cast<int32_t>(g.m), static_cast<int32_t>(g.n), static_cast<int32_t>(g.k), g.transposeA, g.transposeB,
             g.strideA, g.strideB, g.strideC);
}

}  // namespace dr
