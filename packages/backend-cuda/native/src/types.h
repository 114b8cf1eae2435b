// Types shared by the host code and the kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace dr {

/** Element types on the device: tfjs float32, int32 and bool (one byte). */
enum class DType : int { Float32 = 0, Int32 = 1, Bool = 2 };

inline std::size_t dtypeBytes(DType t) { return t == DType::Bool ? 1 : 4; }

/** A runtime or launch failure; `code` is the cudaError_t value (0 for our own checks). */
struct DeviceError : std::runtime_error {
  int code;
  DeviceError(int c, const std::string& message) : std::runtime_error(message), code(c) {}
};

/** Most dimensions any strided kernel handles (tile doubles the rank of its input). */
constexpr int kMaxRank = 12;

/** Shape and per-operand element strides of an iteration space (row-major, strides may be 0 or negative). */
struct Strided {
  int rank;
  int32_t shape[kMaxRank];
  int32_t stride[3][kMaxRank];
};

/** Every tensor and every offset fits in int32: the TypeScript side refuses larger tensors. */
constexpr int64_t kMaxElements = 2147483647;

}  // namespace dr
