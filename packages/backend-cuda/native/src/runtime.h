// The device runtime the addon needs: one device, one stream, memory, copies and events.
// runtime-cuda.cc implements it with the CUDA runtime API; runtime-emulator.cc with host memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dr {

/** What `probe` found: `code` is the CUDA error (0 when a device is usable). */
struct ProbeResult {
  int code = 0;
  std::string error;
  int deviceCount = 0;
  std::string name;
  int major = 0, minor = 0, multiprocessors = 0;
  std::size_t totalMemory = 0;
  int driverVersion = 0, runtimeVersion = 0;
};

/** Looks for a usable device without creating a context beyond what the query needs. */
ProbeResult probe();

/** Selects device 0 and creates the stream; throws DeviceError. Idempotent. */
void initRuntime();
bool runtimeReady();

void* deviceMalloc(std::size_t bytes);  // throws DeviceError (code 2 = out of memory)
void deviceFree(void* pointer);
void* pinnedMalloc(std::size_t bytes);
void pinnedFree(void* pointer);

/** Host → device on the stream; returns once `source` may be reused (pageable source). */
void copyToDevice(void* destination, const void* source, std::size_t bytes);
/** Device → host on the stream; the host must wait on the stream or an event before reading. */
void copyToHostAsync(void* destination, const void* source, std::size_t bytes);
void copyDeviceToDevice(void* destination, const void* source, std::size_t bytes);
void memsetAsync(void* destination, int value, std::size_t bytes);
void synchronize();

/** An event recorded on the stream. */
using Event = void*;
Event recordEvent();
void waitEvent(Event event);  // blocks the calling host thread; callable from any thread
float elapsedMs(Event start, Event end);
void destroyEvent(Event event);

/** Name of a CUDA error code (for messages). */
std::string errorName(int code);

}  // namespace dr
