// The device runtime on the CUDA runtime API (linked statically: libcudart_static).
#include <cuda_runtime.h>

#include <mutex>

#include "types.h"
#include "runtime.h"

namespace dr {

namespace {

cudaStream_t stream = nullptr;
int device = 0;
std::once_flag initOnce;

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear a non-sticky error so later calls are not poisoned
    throw DeviceError(static_cast<int>(status), std::string(what) + ": CUDA error " + std::to_string(static_cast<int>(status)) +
                                                    " (" + cudaGetErrorName(status) + "): " + cudaGetErrorString(status));
  }
}

}  // namespace

cudaStream_t currentStream() { return stream; }

void checkLaunch(const char* kernel) { check(cudaGetLastError(), kernel); }

ProbeResult probe() {
  ProbeResult result;
  cudaError_t status = cudaGetDeviceCount(&result.deviceCount);
  cudaDriverGetVersion(&result.driverVersion);
  cudaRuntimeGetVersion(&result.runtimeVersion);
  if (status != cudaSuccess) {
    result.code = static_cast<int>(status);
    result.error = std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
    result.deviceCount = 0;
    cudaGetLastError();
    return result;
  }
  if (result.deviceCount == 0) {
    result.code = static_cast<int>(cudaErrorNoDevice);
    result.error = "cudaErrorNoDevice: no CUDA-capable device is detected";
    return result;
  }
  cudaDeviceProp props{};
  status = cudaGetDeviceProperties(&props, 0);
  if (status != cudaSuccess) {
    result.code = static_cast<int>(status);
    result.error = std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
    cudaGetLastError();
    return result;
  }
  result.name = props.name;
  result.major = props.major;
  result.minor = props.minor;
  result.multiprocessors = props.multiProcessorCount;
  result.totalMemory = props.totalGlobalMem;
  return result;
}

void initRuntime() {
  std::call_once(initOnce, [] {
    check(cudaSetDevice(device), "cudaSetDevice");
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
  });
  if (stream == nullptr) throw DeviceError(0, "the CUDA stream could not be created earlier in this process");
}

bool runtimeReady() { return stream != nullptr; }

void* deviceMalloc(std::size_t bytes) {
  void* pointer = nullptr;
  check(cudaMalloc(&pointer, bytes), "cudaMalloc");
  return pointer;
}

void deviceFree(void* pointer) { check(cudaFree(pointer), "cudaFree"); }

void* pinnedMalloc(std::size_t bytes) {
  void* pointer = nullptr;
  check(cudaMallocHost(&pointer, bytes), "cudaMallocHost");
  return pointer;
}

void pinnedFree(void* pointer) { check(cudaFreeHost(pointer), "cudaFreeHost"); }

void copyToDevice(void* destination, const void* source, std::size_t bytes) {
  if (bytes == 0) return;
  check(cudaMemcpyAsync(destination, source, bytes, cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync(H2D)");
}

void copyToHostAsync(void* destination, const void* source, std::size_t bytes) {
  if (bytes == 0) return;
  check(cudaMemcpyAsync(destination, source, bytes, cudaMemcpyDeviceToHost, stream), "cudaMemcpyAsync(D2H)");
}

void copyDeviceToDevice(void* destination, const void* source, std::size_t bytes) {
  if (bytes == 0) return;
  check(cudaMemcpyAsync(destination, source, bytes, cudaMemcpyDeviceToDevice, stream), "cudaMemcpyAsync(D2D)");
}

void memsetAsync(void* destination, int value, std::size_t bytes) {
  if (bytes == 0) return;
  check(cudaMemsetAsync(destination, value, bytes, stream), "cudaMemsetAsync");
}

void synchronize() { check(cudaStreamSynchronize(stream), "cudaStreamSynchronize"); }

Event recordEvent() {
  cudaEvent_t event = nullptr;
  check(cudaEventCreate(&event), "cudaEventCreate");
  check(cudaEventRecord(event, stream), "cudaEventRecord");
  return event;
}

void waitEvent(Event event) {
  // Worker threads start without a current device.
  check(cudaSetDevice(device), "cudaSetDevice");
  check(cudaEventSynchronize(static_cast<cudaEvent_t>(event)), "cudaEventSynchronize");
}

float elapsedMs(Event start, Event end) {
  float ms = 0;
  check(cudaEventSynchronize(static_cast<cudaEvent_t>(end)), "cudaEventSynchronize");
  check(cudaEventElapsedTime(&ms, static_cast<cudaEvent_t>(start), static_cast<cudaEvent_t>(end)), "cudaEventElapsedTime");
  return ms;
}

void destroyEvent(Event event) { cudaEventDestroy(static_cast<cudaEvent_t>(event)); }

std::string errorName(int code) { return cudaGetErrorName(static_cast<cudaError_t>(code)); }

}  // namespace dr
