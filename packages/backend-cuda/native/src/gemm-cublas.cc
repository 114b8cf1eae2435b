// The library GEMM (built only where the toolkit has cuBLAS): row-major C = op(A)·op(B) is
// computed as the column-major product Cᵀ = op(B)ᵀ·op(A)ᵀ, so B goes first and no copy is
// made. cuBLASLt (with a per-shape plan cache and a 32 MiB workspace) serves what it can;
// cuBLAS strided-batched serves the rest (broadcast batches with stride 0, or no Lt heuristic).
#include <cublas_v2.h>
#include <cuda_runtime.h>
#if defined(DR_HAVE_CUBLASLT)
#include <cublasLt.h>
#endif

#include <map>
#include <string>
#include <tuple>

#include "kernels.h"
#include "runtime.h"

namespace dr {

cudaStream_t currentStream();

namespace {

void checkBlas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw DeviceError(0, std::string(what) + " failed: cuBLAS status " + std::to_string(static_cast<int>(status)));
  }
}

int64_t atLeastOne(int64_t v) { return v < 1 ? 1 : v; }

cublasHandle_t blas = nullptr;

bool blasGemm(const GemmArgs& g, bool tf32) {
  if (blas == nullptr) {
    checkBlas(cublasCreate(&blas), "cublasCreate");
    checkBlas(cublasSetStream(blas, currentStream()), "cublasSetStream");
  }
  checkBlas(cublasSetMathMode(blas, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
  const float alpha = 1.0f, beta = 0.0f;
  const cublasOperation_t opB = g.transposeB ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t opA = g.transposeA ? CUBLAS_OP_T : CUBLAS_OP_N;
  const int ldb = static_cast<int>(atLeastOne(g.transposeB ? g.k : g.n));
  const int lda = static_cast<int>(atLeastOne(g.transposeA ? g.m : g.k));
  const int ldc = static_cast<int>(atLeastOne(g.n));
  const int m = static_cast<int>(g.m), n = static_cast<int>(g.n), k = static_cast<int>(g.k);
  if (g.batch == 1) {
    checkBlas(cublasSgemm(blas, opB, opA, n, m, k, &alpha, g.b, ldb, g.a, lda, &beta, g.c, ldc), "cublasSgemm");
  } else {
    checkBlas(cublasSgemmStridedBatched(blas, opB, opA, n, m, k, &alpha, g.b, ldb, g.strideB, g.a, lda, g.strideA, &beta,
                                        g.c, ldc, g.strideC, static_cast<int>(g.batch)),
              "cublasSgemmStridedBatched");
  }
  return true;
}

#if defined(DR_HAVE_CUBLASLT)
constexpr std::size_t kWorkspaceBytes = 32u << 20;

struct Plan {
  cublasLtMatmulDesc_t desc = nullptr;
  cublasLtMatrixLayout_t first = nullptr, second = nullptr, out = nullptr;
  cublasLtMatmulAlgo_t algo{};
  bool usable = false;
};

using PlanKey = std::tuple<int64_t, int64_t, int64_t, int64_t, bool, bool, int64_t, int64_t, int64_t, bool>;

cublasLtHandle_t lt = nullptr;
void* workspace = nullptr;
std::map<PlanKey, Plan> plans;

cublasLtMatrixLayout_t layout(int64_t rows, int64_t cols, int64_t ld, int64_t batch, int64_t stride) {
  cublasLtMatrixLayout_t l = nullptr;
  checkBlas(cublasLtMatrixLayoutCreate(&l, CUDA_R_32F, static_cast<uint64_t>(rows), static_cast<uint64_t>(cols), ld),
            "cublasLtMatrixLayoutCreate");
  if (batch > 1) {
    const int32_t count = static_cast<int32_t>(batch);
    checkBlas(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &count, sizeof(count)),
              "cublasLtMatrixLayoutSetAttribute(BATCH_COUNT)");
    checkBlas(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride, sizeof(stride)),
              "cublasLtMatrixLayoutSetAttribute(STRIDED_BATCH_OFFSET)");
  }
  return l;
}

Plan makePlan(const GemmArgs& g, bool tf32) {
  Plan p;
  checkBlas(cublasLtMatmulDescCreate(&p.desc, tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F, CUDA_R_32F),
            "cublasLtMatmulDescCreate");
  const cublasOperation_t opFirst = g.transposeB ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t opSecond = g.transposeA ? CUBLAS_OP_T : CUBLAS_OP_N;
  checkBlas(cublasLtMatmulDescSetAttribute(p.desc, CUBLASLT_MATMUL_DESC_TRANSA, &opFirst, sizeof(opFirst)),
            "cublasLtMatmulDescSetAttribute(TRANSA)");
  checkBlas(cublasLtMatmulDescSetAttribute(p.desc, CUBLASLT_MATMUL_DESC_TRANSB, &opSecond, sizeof(opSecond)),
            "cublasLtMatmulDescSetAttribute(TRANSB)");
  // Column-major views of the stored row-major matrices.
  p.first = g.transposeB ? layout(g.k, g.n, g.k, g.batch, g.strideB) : layout(g.n, g.k, g.n, g.batch, g.strideB);
  p.second = g.transposeA ? layout(g.m, g.k, g.m, g.batch, g.strideA) : layout(g.k, g.m, g.k, g.batch, g.strideA);
  p.out = layout(g.n, g.m, g.n, g.batch, g.strideC);
  cublasLtMatmulPreference_t preference = nullptr;
  checkBlas(cublasLtMatmulPreferenceCreate(&preference), "cublasLtMatmulPreferenceCreate");
  const uint64_t bytes = kWorkspaceBytes;
  checkBlas(cublasLtMatmulPreferenceSetAttribute(preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &bytes,
                                                 sizeof(bytes)),
            "cublasLtMatmulPreferenceSetAttribute");
  cublasLtMatmulHeuristicResult_t result{};
  int returned = 0;
  const cublasStatus_t status =
      cublasLtMatmulAlgoGetHeuristic(lt, p.desc, p.first, p.second, p.out, p.out, preference, 1, &result, &returned);
  cublasLtMatmulPreferenceDestroy(preference);
  if (status == CUBLAS_STATUS_SUCCESS && returned > 0) {
    p.algo = result.algo;
    p.usable = true;
  }
  return p;
}

bool ltGemm(const GemmArgs& g, bool tf32) {
  if (g.batch > 1 && (g.strideA == 0 || g.strideB == 0)) return false;
  if (lt == nullptr) {
    checkBlas(cublasLtCreate(&lt), "cublasLtCreate");
    workspace = deviceMalloc(kWorkspaceBytes);
  }
  const PlanKey key{g.batch, g.m, g.n, g.k, g.transposeA, g.transposeB, g.strideA, g.strideB, g.strideC, tf32};
  auto found = plans.find(key);
  if (found == plans.end()) found = plans.emplace(key, makePlan(g, tf32)).first;
  const Plan& p = found->second;
  if (!p.usable) return false;
  const float alpha = 1.0f, beta = 0.0f;
  checkBlas(cublasLtMatmul(lt, p.desc, &alpha, g.b, p.first, g.a, p.second, &beta, g.c, p.out, g.c, p.out, &p.algo,
                           workspace, kWorkspaceBytes, currentStream()),
            "cublasLtMatmul");
  return true;
}
#endif

}  // namespace

bool libraryGemm(const GemmArgs& g, bool tf32) {
#if defined(DR_HAVE_CUBLASLT)
  if (ltGemm(g, tf32)) return true;
#endif
  return blasGemm(g, tf32);
}

void libraryShutdown() {
#if defined(DR_HAVE_CUBLASLT)
  for (auto& entry : plans) {
    Plan& p = entry.second;
    if (p.first != nullptr) cublasLtMatrixLayoutDestroy(p.first);
    if (p.second != nullptr) cublasLtMatrixLayoutDestroy(p.second);
    if (p.out != nullptr) cublasLtMatrixLayoutDestroy(p.out);
    if (p.desc != nullptr) cublasLtMatmulDescDestroy(p.desc);
  }
  plans.clear();
  if (workspace != nullptr) deviceFree(workspace);
  workspace = nullptr;
  if (lt != nullptr) cublasLtDestroy(lt);
  lt = nullptr;
#endif
  if (blas != nullptr) cublasDestroy(blas);
  blas = nullptr;
}

}  // namespace dr
