// GEMM dispatch: the library path chosen at build time (cuBLASLt, else cuBLAS), or our own
// tiled kernel; TF32 only when the user opts in. The emulator build always uses the tiled kernel.
#include "kernels.h"
#include "runtime.h"

namespace dr {

#if defined(DR_HAVE_CUBLASLT) || defined(DR_HAVE_CUBLAS)
bool libraryGemm(const GemmArgs& args, bool tf32);  // gemm-cublas.cc: false when it cannot serve the call
void libraryShutdown();
#endif

namespace {
bool useTf32 = false;
bool forceTiled = false;
}  // namespace

const char* gemmPath() {
#if defined(DR_HAVE_CUBLASLT)
  return "cuBLASLt";
#elif defined(DR_HAVE_CUBLAS)
  return "cuBLAS";
#else
  return "tiled";
#endif
}

void setTf32(bool on) { useTf32 = on; }
bool tf32() { return useTf32; }
void setForceTiledGemm(bool on) { forceTiled = on; }

void gemm(const GemmArgs& args) {
  if (args.batch == 0 || args.m == 0 || args.n == 0) return;
  if (args.k == 0) {
    memsetAsync(args.c, 0, static_cast<std::size_t>(args.batch * args.m * args.n) * sizeof(float));
    return;
  }
#if defined(DR_HAVE_CUBLASLT) || defined(DR_HAVE_CUBLAS)
  if (!forceTiled && libraryGemm(args, useTf32)) return;
#endif
  gemmTiled(args);
}

void gemmShutdown() {
#if defined(DR_HAVE_CUBLASLT) || defined(DR_HAVE_CUBLAS)
  libraryShutdown();
#endif
}

}  // namespace dr
