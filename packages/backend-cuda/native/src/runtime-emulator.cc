// The device runtime of the emulator build: "device" memory is host memory, the stream is
// the calling thread (every operation completes before it returns), events hold a time.
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "types.h"
#include "runtime.h"

namespace dr {

namespace {
bool ready = false;
using Clock = std::chrono::steady_clock;
}  // namespace

ProbeResult probe() {
  ProbeResult result;
  result.deviceCount = 1;
  result.name = "host emulator";
  result.major = 0;
  result.minor = 0;
  result.multiprocessors = 1;
  return result;
}

void initRuntime() { ready = true; }
bool runtimeReady() { return ready; }

void* deviceMalloc(std::size_t bytes) {
  // 256-byte alignment like cudaMalloc, so alignment bugs show up here too.
  void* pointer = std::aligned_alloc(256, ((bytes + 255) / 256) * 256);
  if (pointer == nullptr) throw DeviceError(2, "emulator: out of host memory");
  return pointer;
}
void deviceFree(void* pointer) { std::free(pointer); }
void* pinnedMalloc(std::size_t bytes) { return deviceMalloc(bytes); }
void pinnedFree(void* pointer) { std::free(pointer); }

void copyToDevice(void* destination, const void* source, std::size_t bytes) {
  if (bytes != 0) std::memcpy(destination, source, bytes);
}
void copyToHostAsync(void* destination, const void* source, std::size_t bytes) {
  if (bytes != 0) std::memcpy(destination, source, bytes);
}
void copyDeviceToDevice(void* destination, const void* source, std::size_t bytes) {
  if (bytes != 0) std::memmove(destination, source, bytes);
}
void memsetAsync(void* destination, int value, std::size_t bytes) {
  if (bytes != 0) std::memset(destination, value, bytes);
}
void synchronize() {}

Event recordEvent() { return new Clock::time_point(Clock::now()); }
void waitEvent(Event) {}
float elapsedMs(Event start, Event end) {
  auto a = *static_cast<Clock::time_point*>(start);
  auto b = *static_cast<Clock::time_point*>(end);
  return std::chrono::duration<float, std::milli>(b - a).count();
}
void destroyEvent(Event event) { delete static_cast<Clock::time_point*>(event); }

std::string errorName(int code) { return code == 0 ? "success" : "emulator error " + std::to_string(code); }

}  // namespace dr
