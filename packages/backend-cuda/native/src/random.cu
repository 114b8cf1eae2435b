// Keyed random draws on the device with the counter layout of packages/core/src/random:
// Philox4x32-10 (Salmon et al., SC 2011); element i is word i mod 4 of block ⌊i/4⌋, whose
// counter is (b mod 2^32, ⌊b/2^32⌋, 0, 0). The arithmetic after the bits is done in double,
// as the host sampler does, and rounded once to float32, so both give the same floats.
#include "kernel.h"
#include "kernels.h"

namespace dr {

namespace {

constexpr unsigned kThreads = 256;
constexpr double kTwoPowMinus24 = 5.9604644775390625e-08;
constexpr double kTwoPi = 2.0 * 3.141592653589793;

DR_DEVICE void philox(uint32_t k0, uint32_t k1, uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t (&out)[4]) {
  const uint32_t M0 = 0xd2511f53u, M1 = 0xcd9e8d57u, W0 = 0x9e3779b9u, W1 = 0xbb67ae85u;
  for (int round = 0; round < 10; ++round) {
    const uint32_t hi0 = umulhi(M0, c0), lo0 = M0 * c0;
    const uint32_t hi1 = umulhi(M1, c2), lo1 = M1 * c2;
    const uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += W0;
    k1 += W1;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

DR_KERNEL void normalKernel(float* y, int64_t n, uint32_t k0, uint32_t k1, double mean, double std) {
  const int64_t blocks = (n + 3) / 4;
  DR_FOR(b, blocks) {
    uint32_t w[4];
    philox(k0, k1, static_cast<uint32_t>(b), static_cast<uint32_t>(static_cast<uint64_t>(b) >> 32), 0, 0, w);
    for (int pair = 0; pair < 2; ++pair) {
      const double u1 = static_cast<double>(w[2 * pair] >> 8) * kTwoPowMinus24 + kTwoPowMinus24;
      const double u2 = static_cast<double>(w[2 * pair + 1] >> 8) * kTwoPowMinus24;
      const double radius = sqrt(-2.0 * log(u1));
      const double angle = kTwoPi * u2;
      const int64_t i = 4 * b + 2 * pair;
      if (i < n) y[i] = static_cast<float>(mean + std * radius * cos(angle));
      if (i + 1 < n) y[i + 1] = static_cast<float>(mean + std * radius * sin(angle));
    }
  }
}

DR_KERNEL void uniformKernel(float* y, int64_t n, uint32_t k0, uint32_t k1, double low, double high) {
  const int64_t blocks = (n + 3) / 4;
  const double width = high - low;
  DR_FOR(b, blocks) {
    uint32_t w[4];
    philox(k0, k1, static_cast<uint32_t>(b), static_cast<uint32_t>(static_cast<uint64_t>(b) >> 32), 0, 0, w);
    for (int j = 0; j < 4; ++j) {
      const int64_t i = 4 * b + j;
      if (i < n) y[i] = static_cast<float>(low + width * (static_cast<double>(w[j] >> 8) * kTwoPowMinus24));
    }
  }
}

}  // namespace

void randomNormal(float* y, int64_t n, uint32_t k0, uint32_t k1, double mean, double std) {
  if (n == 0) return;
  launch(normalKernel, gridFor((n + 3) / 4, kThreads), kThreads, y, n, k0, k1, mean, std);
}

void randomUniform(float* y, int64_t n, uint32_t k0, uint32_t k1, double low, double high) {
  if (n == 0) return;
  launch(uniformKernel, gridFor((n + 3) / 4, kThreads), kThreads, y, n, k0, k1, low, high);
}

}  // namespace dr
