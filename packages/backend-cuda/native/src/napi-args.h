// Argument reading and error conversion shared by the N-API bindings (addon-*.cc).
#pragma once

#include <node_api.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "runtime.h"
#include "types.h"

namespace dr {

/** One device buffer behind a JavaScript handle. */
struct Block {
  void* pointer = nullptr;
  std::size_t granted = 0;
  std::size_t bytes = 0;
  bool live = false;
};

/** The live block of `handle` (0 is the empty buffer); throws ArgumentError naming argument `at`. */
Block& lookupBlock(int64_t handle, size_t at);

struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** Reads the arguments of one call; throws ArgumentError naming the bad one. */
class Args {
 public:
  Args(napi_env env, napi_callback_info info) : env_(env) {
    size_t count = kMax;
    napi_get_cb_info(env, info, &count, values_, nullptr, nullptr);
    count_ = count;
  }
  napi_env env() const { return env_; }
  napi_value at(size_t i) const {
    if (i >= count_) throw ArgumentError("missing argument " + std::to_string(i));
    return values_[i];
  }
  double number(size_t i) const {
    double v = 0;
    if (napi_get_value_double(env_, at(i), &v) != napi_ok) throw ArgumentError("argument " + std::to_string(i) + " must be a number");
    return v;
  }
  int64_t integer(size_t i) const {
    const double v = number(i);
    if (v != static_cast<double>(static_cast<int64_t>(v))) throw ArgumentError("argument " + std::to_string(i) + " must be an integer");
    return static_cast<int64_t>(v);
  }
  bool boolean(size_t i) const {
    bool v = false;
    if (napi_get_value_bool(env_, at(i), &v) != napi_ok) throw ArgumentError("argument " + std::to_string(i) + " must be a boolean");
    return v;
  }
  DType dtype(size_t i) const {
    const int64_t v = integer(i);
    if (v < 0 || v > 2) throw ArgumentError("argument " + std::to_string(i) + " is not a dtype code");
    return static_cast<DType>(v);
  }
  Block& block(size_t i) const { return lookupBlock(integer(i), i); }
  void* pointer(size_t i) const { return block(i).pointer; }
  std::vector<int64_t> integers(size_t i) const {
    bool isArray = false;
    napi_is_array(env_, at(i), &isArray);
    if (!isArray) throw ArgumentError("argument " + std::to_string(i) + " must be an array of integers");
    uint32_t length = 0;
    napi_get_array_length(env_, at(i), &length);
    std::vector<int64_t> out(length);
    for (uint32_t k = 0; k < length; ++k) {
      napi_value element;
      napi_get_element(env_, at(i), k, &element);
      double v = 0;
      if (napi_get_value_double(env_, element, &v) != napi_ok) throw ArgumentError("argument " + std::to_string(i) + " must hold numbers");
      out[k] = static_cast<int64_t>(v);
    }
    return out;
  }
  /** Data pointer and byte length of a TypedArray argument. */
  std::pair<void*, std::size_t> bytes(size_t i) const {
    bool isTyped = false;
    napi_is_typedarray(env_, at(i), &isTyped);
    if (!isTyped) throw ArgumentError("argument " + std::to_string(i) + " must be a TypedArray");
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    napi_value buffer;
    size_t offset = 0;
    napi_get_typedarray_info(env_, at(i), &type, &length, &data, &buffer, &offset);
    size_t element = 1;
    switch (type) {
      case napi_int16_array: case napi_uint16_array: element = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: element = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: element = 8; break;
      default: element = 1;
    }
    return {data, length * element};
  }
  size_t count() const { return count_; }

 private:
  static constexpr size_t kMax = 16;
  napi_env env_;
  napi_value values_[kMax];
  size_t count_ = 0;
};

/** Shape and strides (one array per operand) → Strided. */
inline Strided strided(const Args& args, size_t shapeAt, size_t firstStrideAt, int operands) {
  const std::vector<int64_t> shape = args.integers(shapeAt);
  if (shape.size() > static_cast<size_t>(kMaxRank)) throw ArgumentError("rank above " + std::to_string(kMaxRank));
  Strided s{};
  s.rank = static_cast<int>(shape.size());
  int64_t size = 1;
  for (int d = 0; d < s.rank; ++d) {
    if (shape[d] < 0 || shape[d] > kMaxElements) throw ArgumentError("bad dimension " + std::to_string(shape[d]));
    s.shape[d] = static_cast<int32_t>(shape[d]);
    size *= shape[d];
  }
  if (size > kMaxElements) throw ArgumentError("more than 2^31 - 1 elements");
  for (int k = 0; k < operands; ++k) {
    const std::vector<int64_t> stride = args.integers(firstStrideAt + k);
    if (stride.size() != shape.size()) throw ArgumentError("strides and shape differ in rank");
    for (int d = 0; d < s.rank; ++d) s.stride[k][d] = static_cast<int32_t>(stride[d]);
  }
  if (s.rank == 0) {  // a scalar: one point
    s.rank = 1;
    s.shape[0] = 1;
    for (int k = 0; k < operands; ++k) s.stride[k][0] = 0;
  }
  return s;
}

inline napi_value undefinedValue(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}
inline napi_value numberValue(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}
inline napi_value stringValue(napi_env env, const std::string& s) {
  napi_value v;
  napi_create_string_utf8(env, s.c_str(), s.size(), &v);
  return v;
}
inline napi_value boolValue(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}
inline void set(napi_env env, napi_value object, const char* key, napi_value value) { napi_set_named_property(env, object, key, value); }

inline void throwError(napi_env env, const std::string& message, int code) {
  napi_value error, text, codeValue;
  napi_create_string_utf8(env, message.c_str(), message.size(), &text);
  napi_create_error(env, nullptr, text, &error);
  napi_create_int32(env, code, &codeValue);
  napi_set_named_property(env, error, "cudaCode", codeValue);
  napi_throw(env, error);
}

using Body = napi_value (*)(const Args&);

template <Body body>
napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    Args args(env, info);
    return body(args);
  } catch (const DeviceError& e) {
    throwError(env, e.what(), e.code);
  } catch (const ArgumentError& e) {
    throwError(env, std::string("invalid argument: ") + e.what(), 0);
  } catch (const std::exception& e) {
    throwError(env, e.what(), 0);
  }
  return nullptr;
}

inline void requireRuntime() {
  if (!runtimeReady()) throw DeviceError(0, "the CUDA runtime is not initialised: call init() first");
}

}  // namespace dr
