// One kernel source, two targets. Compiled by nvcc (__CUDACC__) the kernels run on the GPU;
// compiled by a plain C++ compiler with DR_EMULATE they run on the host under a small
// block scheduler (emulator.cc), so the whole backend can be tested where no GPU exists.
// Kernels may use: DR_KERNEL, DR_DEVICE, DR_SHARED arrays, DR_SYNC(), threadIdx/blockIdx/
// blockDim/gridDim, atomicAdd on float/int, and the math in this header; they are started
// with launch() (no barriers) or launchSync() (with DR_SYNC). Nothing else.
#pragma once

#include <cmath>

#if defined(__CUDACC__)
#include <cuda_runtime.h>
#define DR_KERNEL __global__
#define DR_DEVICE __device__ __forceinline__
#define DR_SHARED __shared__
#define DR_SYNC() __syncthreads()
#else
#if !defined(DR_EMULATE)
#error "compile kernels with nvcc, or with -DDR_EMULATE for the host emulator"
#endif
#define DR_KERNEL
#define DR_DEVICE inline
// Blocks run one at a time in the emulator, so a function-local static is block-shared.
#define DR_SHARED static
#define DR_SYNC() ::dr::emu::syncThreads()
#endif

#include "types.h"

namespace dr {

#if !defined(__CUDACC__)
struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {}
};
namespace emu {
void syncThreads();
void launch(dim3 grid, dim3 block, bool usesBarriers, void (*body)(void*), void* closure);
extern dim3 threadIdx, blockIdx, blockDim, gridDim;
}  // namespace emu
using emu::blockDim;
using emu::blockIdx;
using emu::gridDim;
using emu::threadIdx;

inline float atomicAdd(float* address, float value) {
  float old = *address;
  *address = old + value;
  return old;
}
inline int atomicAdd(int* address, int value) {
  int old = *address;
  *address = old + value;
  return old;
}
inline unsigned umulhi(unsigned a, unsigned b) {
  return static_cast<unsigned>((static_cast<uint64_t>(a) * b) >> 32);
}
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
#else
DR_DEVICE unsigned umulhi(unsigned a, unsigned b) { return __umulhi(a, b); }
#endif

DR_DEVICE bool isNaN(float v) { return v != v; }
DR_DEVICE bool isInf(float v) { return v == INFINITY || v == -INFINITY; }
template <typename T>
DR_DEVICE T minOf(T a, T b) { return a < b ? a : b; }
template <typename T>
DR_DEVICE T maxOf(T a, T b) { return a > b ? a : b; }

/** Blocks for a grid-stride loop over n items: enough to fill the device, never more than needed. */
inline unsigned gridFor(int64_t n, unsigned threads) {
#if defined(DR_EMULATE)
  const int64_t cap = 2;  // the emulator runs blocks one by one; loops cover the rest
#else
  const int64_t cap = 132 * 16;  // H200: 132 SMs; grid-stride loops cover the rest
#endif
  int64_t blocks = (n + threads - 1) / threads;
  if (blocks < 1) blocks = 1;
  return static_cast<unsigned>(blocks < cap ? blocks : cap);
}

/** Grid-stride loop over [0, n). */
#define DR_FOR(i, n)                                                                          \
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < (n); \
       i += static_cast<int64_t>(blockDim.x) * gridDim.x)

}  // namespace dr

namespace dr {

#if defined(__CUDACC__)
cudaStream_t currentStream();
void checkLaunch(const char* what);

/** Launches `kernel` on the stream (the kernel may use DR_SYNC only through launchSync). */
template <typename... P, typename... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
  kernel<<<grid, block, 0, currentStream()>>>(static_cast<P>(args)...);
  checkLaunch("kernel launch");
}
/** Launches a kernel that uses DR_SYNC. */
template <typename... P, typename... A>
void launchSync(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
  kernel<<<grid, block, 0, currentStream()>>>(static_cast<P>(args)...);
  checkLaunch("kernel launch");
}
#else
template <typename... P, typename... A>
void emulateLaunch(bool barriers, void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
  auto closure = [&]() { kernel(static_cast<P>(args)...); };
  emu::launch(grid, block, barriers, [](void* c) { (*static_cast<decltype(closure)*>(c))(); }, &closure);
}
template <typename... P, typename... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
  emulateLaunch(false, kernel, grid, block, args...);
}
template <typename... P, typename... A>
void launchSync(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
  emulateLaunch(true, kernel, grid, block, args...);
}
#endif

}  // namespace dr
