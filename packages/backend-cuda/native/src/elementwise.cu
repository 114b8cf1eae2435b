// Elementwise kernels: unary math, broadcasting binary ops, select, cast, fill, range, oneHot.
// Semantics follow tfjs-backend-cpu (which computes in double and stores to the output's
// typed array): float inputs compute in float, int32/bool inputs in double, and stores to
// int32 use JavaScript's ToInt32 (truncate, wrap modulo 2^32, NaN → 0).
#include "kernel.h"
#include "kernels.h"
#include "strided.h"

namespace dr {

namespace {

constexpr unsigned kThreads = 256;

template <typename T>
struct Compute {
  using type = double;
};
template <>
struct Compute<float> {
  using type = float;
};

DR_DEVICE int32_t toInt32(double v) {
  if (!(v == v) || v == INFINITY || v == -INFINITY) return 0;
  double t = trunc(v);
  if (t >= -2147483648.0 && t <= 2147483647.0) return static_cast<int32_t>(t);
  double m = fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<int32_t>(static_cast<uint32_t>(m));
}

template <typename Out>
struct Store;
template <>
struct Store<float> {
  template <typename C>
  DR_DEVICE static float from(C v) { return static_cast<float>(v); }
};
template <>
struct Store<int32_t> {
  template <typename C>
  DR_DEVICE static int32_t from(C v) { return toInt32(static_cast<double>(v)); }
};
template <>
struct Store<uint8_t> {
  // tfjs bool tensors hold 0/1 bytes; every op with a bool output produces 0 or 1.
  template <typename C>
  DR_DEVICE static uint8_t from(C v) { return v != C(0) ? 1 : 0; }
};

template <typename C>
DR_DEVICE C unaryOp(int op, C x, C alpha, C beta) {
  const C zero = C(0), one = C(1);
  switch (static_cast<UnaryOp>(op)) {
    case UnaryOp::Abs: return x < zero ? -x : x;
    case UnaryOp::Acos: return acos(x);
    case UnaryOp::Acosh: return acosh(x);
    case UnaryOp::Asin: return asin(x);
    case UnaryOp::Asinh: return asinh(x);
    case UnaryOp::Atan: return atan(x);
    case UnaryOp::Atanh: return atanh(x);
    case UnaryOp::Ceil: return ceil(x);
    case UnaryOp::Cos: return cos(x);
    case UnaryOp::Cosh: return cosh(x);
    case UnaryOp::Elu: return x >= zero ? x : expm1(x);
    case UnaryOp::Erf: return erf(x);
    case UnaryOp::Exp: return exp(x);
    case UnaryOp::Expm1: return expm1(x);
    case UnaryOp::Floor: return floor(x);
    case UnaryOp::IsFinite: return (x == x && x != C(INFINITY) && x != C(-INFINITY)) ? one : zero;
    case UnaryOp::IsInf: return (x == C(INFINITY) || x == C(-INFINITY)) ? one : zero;
    case UnaryOp::IsNan: return x != x ? one : zero;
    case UnaryOp::LeakyRelu: return x < zero ? alpha * x : x;
    case UnaryOp::Log: return log(x);
    case UnaryOp::Log1p: return log1p(x);
    case UnaryOp::LogicalNot: return x == zero ? one : zero;
    case UnaryOp::Neg: return -x;
    case UnaryOp::Reciprocal: return one / x;
    case UnaryOp::Relu: return x < zero ? zero : x;
    case UnaryOp::Relu6: return x < zero ? zero : (x > C(6) ? C(6) : x);
    case UnaryOp::Round: return rint(x);  // round half to even, as tfjs
    case UnaryOp::Rsqrt: return one / sqrt(x);
    case UnaryOp::Selu:
      return x >= zero ? C(1.0507009873554804934193349852946) * x
                       : C(1.7580993408473768599402175208123) * expm1(x);
    case UnaryOp::Sigmoid: return one / (one + exp(-x));
    case UnaryOp::Sign: return x < zero ? -one : (x > zero ? one : zero);
    case UnaryOp::Sin: return sin(x);
    case UnaryOp::Sinh: return sinh(x);
    case UnaryOp::Softplus: {
      // As tfjs: threshold = log(2^-23) + 2.
      const C threshold = C(-13.942385152878742);
      if (x < threshold) return exp(x);
      if (x > -threshold) return x;
      return log1p(exp(x));
    }
    case UnaryOp::Sqrt: return sqrt(x);
    case UnaryOp::Square: return x * x;
    case UnaryOp::Step: return x != x ? x : (x > zero ? one : alpha);
    case UnaryOp::Tan: return tan(x);
    case UnaryOp::Tanh: return tanh(x);
    case UnaryOp::ClipByValue: return x > beta ? beta : (x < alpha ? alpha : x);
    case UnaryOp::Identity: return x;
    default: return x;
  }
}

template <typename In, typename Out>
DR_KERNEL void unaryKernel(int op, const In* x, Out* y, int32_t n, float alpha, float beta) {
  using C = typename Compute<In>::type;
  DR_FOR(i, n) { y[i] = Store<Out>::from(unaryOp<C>(op, static_cast<C>(x[i]), C(alpha), C(beta))); }
}

template <typename C>
DR_DEVICE C binaryOp(int op, C a, C b) {
  const C zero = C(0), one = C(1);
  switch (static_cast<BinaryOp>(op)) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Div: return a / b;
    case BinaryOp::FloorDiv: return C(floor(static_cast<double>(a) / static_cast<double>(b)));
    case BinaryOp::Mod: {
      // JavaScript remainder, then shifted to the sign of b (tfjs Mod).
      double x = static_cast<double>(a), y = static_cast<double>(b);
      double rem = fmod(x, y);
      if ((x < 0 && y < 0) || (x >= 0 && y >= 0)) return C(rem);
      return C(fmod(rem + y, y));
    }
    case BinaryOp::Pow: return pow(a, b);
    case BinaryOp::Maximum: return (a != a || b != b) ? (a + b) : (a > b ? a : b);
    case BinaryOp::Minimum: return (a != a || b != b) ? (a + b) : (a < b ? a : b);
    case BinaryOp::SquaredDifference: return (a - b) * (a - b);
    case BinaryOp::Atan2: return atan2(a, b);
    case BinaryOp::Prelu: return a < zero ? b * a : a;
    case BinaryOp::Equal: return a == b ? one : zero;
    case BinaryOp::NotEqual: return a != b ? one : zero;
    case BinaryOp::Greater: return a > b ? one : zero;
    case BinaryOp::GreaterEqual: return a >= b ? one : zero;
    case BinaryOp::Less: return a < b ? one : zero;
    case BinaryOp::LessEqual: return a <= b ? one : zero;
    case BinaryOp::LogicalAnd: return (a != zero && b != zero) ? one : zero;
    case BinaryOp::LogicalOr: return (a != zero || b != zero) ? one : zero;
    default: return a;
  }
}

template <typename In, typename Out>
DR_KERNEL void binaryKernel(int op, const In* a, const In* b, Out* z, Strided s, int32_t n) {
  using C = typename Compute<In>::type;
  DR_FOR(i, n) {
    int32_t off[2];
    stridedOffsets<2>(s, static_cast<int32_t>(i), off);
    z[i] = Store<Out>::from(binaryOp<C>(op, static_cast<C>(a[off[0]]), static_cast<C>(b[off[1]])));
  }
}

template <typename T>
DR_KERNEL void selectKernel(const uint8_t* cond, const T* a, const T* b, T* z, Strided s, int32_t n) {
  DR_FOR(i, n) {
    int32_t off[3];
    stridedOffsets<3>(s, static_cast<int32_t>(i), off);
    z[i] = cond[off[0]] != 0 ? a[off[1]] : b[off[2]];
  }
}

template <typename From, typename To>
DR_KERNEL void castKernel(const From* x, To* y, int32_t n) {
  DR_FOR(i, n) { y[i] = Store<To>::from(x[i]); }
}

template <typename T>
DR_KERNEL void fillKernel(T* y, int32_t n, T value) {
  DR_FOR(i, n) { y[i] = value; }
}

template <typename T>
DR_KERNEL void rangeKernel(T* y, int32_t n, double start, double step) {
  DR_FOR(i, n) { y[i] = Store<T>::from(start + static_cast<double>(i) * step); }
}

template <typename T>
DR_KERNEL void oneHotKernel(const int32_t* indices, T* y, int32_t n, int32_t depth, T on, T off) {
  DR_FOR(i, static_cast<int64_t>(n) * depth) {
    const int32_t row = static_cast<int32_t>(i / depth);
    const int32_t col = static_cast<int32_t>(i - static_cast<int64_t>(row) * depth);
    y[i] = indices[row] == col ? on : off;
  }
}

// Runs `fn` with the C++ element type of `t` (float, int32_t or uint8_t).
template <typename F>
void withType(DType t, F&& fn) {
  switch (t) {
    case DType::Float32: fn(float{}); break;
    case DType::Int32: fn(int32_t{}); break;
    case DType::Bool: fn(uint8_t{}); break;
    default: throw DeviceError(0, "unknown dtype");
  }
}

}  // namespace

void unary(UnaryOp op, DType in, DType out, const void* x, void* y, int64_t n, float alpha, float beta) {
  if (n == 0) return;
  withType(in, [&](auto i) {
    using In = decltype(i);
    withType(out, [&](auto o) {
      using Out = decltype(o);
      launch(unaryKernel<In, Out>, gridFor(n, kThreads), kThreads, static_cast<int>(op), static_cast<const In*>(x),
                static_cast<Out*>(y), static_cast<int32_t>(n), alpha, beta);
    });
  });
}

void binary(BinaryOp op, DType in, DType out, const void* a, const void* b, void* z, const Strided& s) {
  const int64_t n = stridedSize(s);
  if (n == 0) return;
  withType(in, [&](auto i) {
    using In = decltype(i);
    withType(out, [&](auto o) {
      using Out = decltype(o);
      launch(binaryKernel<In, Out>, gridFor(n, kThreads), kThreads, static_cast<int>(op), static_cast<const In*>(a),
                static_cast<const In*>(b), static_cast<Out*>(z), s, static_cast<int32_t>(n));
    });
  });
}

void select(DType t, const void* cond, const void* a, const void* b, void* z, const Strided& s) {
  const int64_t n = stridedSize(s);
  if (n == 0) return;
  if (dtypeBytes(t) == 1) {
    launch(selectKernel<uint8_t>, gridFor(n, kThreads), kThreads, static_cast<const uint8_t*>(cond),
              static_cast<const uint8_t*>(a), static_cast<const uint8_t*>(b), static_cast<uint8_t*>(z), s,
              static_cast<int32_t>(n));
  } else {
    launch(selectKernel<uint32_t>, gridFor(n, kThreads), kThreads, static_cast<const uint8_t*>(cond),
              static_cast<const uint32_t*>(a), static_cast<const uint32_t*>(b), static_cast<uint32_t*>(z), s,
              static_cast<int32_t>(n));
  }
}

void cast(DType from, DType to, const void* x, void* y, int64_t n) {
  if (n == 0) return;
  withType(from, [&](auto f) {
    using From = decltype(f);
    withType(to, [&](auto t) {
      using To = decltype(t);
      launch(castKernel<From, To>, gridFor(n, kThreads), kThreads, static_cast<const From*>(x), static_cast<To*>(y),
                static_cast<int32_t>(n));
    });
  });
}

void fill(DType t, void* y, int64_t n, double value) {
  if (n == 0) return;
  withType(t, [&](auto v) {
    using T = decltype(v);
    const T stored = t == DType::Float32 ? static_cast<T>(value)
                     : t == DType::Bool  ? static_cast<T>(value != 0 ? 1 : 0)
                                         : static_cast<T>(static_cast<int64_t>(value));
    launch(fillKernel<T>, gridFor(n, kThreads), kThreads, static_cast<T*>(y), static_cast<int32_t>(n), stored);
  });
}

void range(DType t, void* y, int64_t n, double start, double step) {
  if (n == 0) return;
  withType(t, [&](auto v) {
    using T = decltype(v);
    launch(rangeKernel<T>, gridFor(n, kThreads), kThreads, static_cast<T*>(y), static_cast<int32_t>(n), start, step);
  });
}

void oneHot(DType t, const int32_t* indices, void* y, int64_t n, int64_t depth, double on, double off) {
  if (n == 0 || depth == 0) return;
  withType(t, [&](auto v) {
    using T = decltype(v);
    launch(oneHotKernel<T>, gridFor(n * depth, kThreads), kThreads, indices, static_cast<T*>(y),
              static_cast<int32_t>(n), static_cast<int32_t>(depth), static_cast<T>(on), static_cast<T>(off));
  });
}

}  // namespace dr
