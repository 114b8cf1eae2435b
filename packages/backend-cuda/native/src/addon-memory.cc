// N-API bindings of the device, the build, memory, copies and timers. Buffers are integer
// handles into a table of allocator blocks; handle 0 is the empty buffer.
#include <cstring>

#include "allocator.h"
#include "bindings.h"
#include "kernels.h"

#ifndef DR_ARCH
#define DR_ARCH "unknown"
#endif
#ifndef DR_CUDA_VERSION
#define DR_CUDA_VERSION "unknown"
#endif

namespace dr {

namespace {
CachingAllocator deviceMemory(deviceMalloc, deviceFree);
CachingAllocator pinnedMemory(pinnedMalloc, pinnedFree);
std::vector<Block> blocks(1);  // slot 0: the empty buffer
std::vector<uint32_t> freeSlots;
}  // namespace

Block& lookupBlock(int64_t h, size_t at) {
  if (h < 0 || h >= static_cast<int64_t>(blocks.size()) || (h != 0 && !blocks[h].live)) {
    throw ArgumentError("argument " + std::to_string(at) + " is not a live buffer handle (" + std::to_string(h) + ")");
  }
  return blocks[h];
}

void* scratchAllocate(std::size_t bytes, std::size_t* granted) { return deviceMemory.allocate(bytes, granted); }
void scratchRelease(void* pointer, std::size_t granted) { deviceMemory.release(pointer, granted); }

napi_value Probe(const Args& a) {
  const ProbeResult p = probe();
  napi_env env = a.env();
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "code", numberValue(env, p.code));
  set(env, o, "error", stringValue(env, p.error));
  set(env, o, "deviceCount", numberValue(env, p.deviceCount));
  set(env, o, "name", stringValue(env, p.name));
  set(env, o, "computeCapability", stringValue(env, std::to_string(p.major) + "." + std::to_string(p.minor)));
  set(env, o, "multiprocessors", numberValue(env, p.multiprocessors));
  set(env, o, "totalMemory", numberValue(env, static_cast<double>(p.totalMemory)));
  set(env, o, "driverVersion", numberValue(env, p.driverVersion));
  set(env, o, "runtimeVersion", numberValue(env, p.runtimeVersion));
  return o;
}

napi_value BuildInfo(const Args& a) {
  napi_env env = a.env();
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "gemm", stringValue(env, gemmPath()));
#if defined(DR_EMULATE)
  set(env, o, "emulator", boolValue(env, true));
#else
  set(env, o, "emulator", boolValue(env, false));
#endif
  set(env, o, "arch", stringValue(env, DR_ARCH));
  set(env, o, "cudaVersion", stringValue(env, DR_CUDA_VERSION));
  return o;
}

napi_value Init(const Args& a) {
  initRuntime();
  return undefinedValue(a.env());
}

napi_value SetTf32(const Args& a) {
  setTf32(a.boolean(0));
  return undefinedValue(a.env());
}

napi_value SetForceTiledGemm(const Args& a) {
  setForceTiledGemm(a.boolean(0));
  return undefinedValue(a.env());
}

napi_value Alloc(const Args& a) {
  requireRuntime();
  const int64_t bytes = a.integer(0);
  if (bytes < 0) throw ArgumentError("negative size");
  if (bytes == 0) return numberValue(a.env(), 0);
  Block block;
  block.pointer = deviceMemory.allocate(static_cast<std::size_t>(bytes), &block.granted);
  block.bytes = static_cast<std::size_t>(bytes);
  block.live = true;
  uint32_t handle;
  if (!freeSlots.empty()) {
    handle = freeSlots.back();
    freeSlots.pop_back();
    blocks[handle] = block;
  } else {
    handle = static_cast<uint32_t>(blocks.size());
    blocks.push_back(block);
  }
  return numberValue(a.env(), handle);
}

napi_value Free(const Args& a) {
  const int64_t handle = a.integer(0);
  if (handle == 0) return undefinedValue(a.env());
  Block& block = a.block(0);
  deviceMemory.release(block.pointer, block.granted);
  block = Block{};
  freeSlots.push_back(static_cast<uint32_t>(handle));
  return undefinedValue(a.env());
}

napi_value Upload(const Args& a) {
  Block& block = a.block(0);
  auto [data, bytes] = a.bytes(1);
  if (bytes > block.bytes) throw ArgumentError("upload of " + std::to_string(bytes) + " bytes into a buffer of " + std::to_string(block.bytes));
  copyToDevice(block.pointer, data, bytes);
  return undefinedValue(a.env());
}

napi_value DownloadSync(const Args& a) {
  Block& block = a.block(0);
  auto [data, bytes] = a.bytes(1);
  if (bytes > block.bytes) throw ArgumentError("download of " + std::to_string(bytes) + " bytes from a buffer of " + std::to_string(block.bytes));
  copyToHostAsync(data, block.pointer, bytes);
  synchronize();
  return undefinedValue(a.env());
}

napi_value CopyBuffer(const Args& a) {
  Block& dst = a.block(0);
  Block& src = a.block(1);
  const int64_t bytes = a.integer(2);
  if (bytes < 0 || static_cast<std::size_t>(bytes) > dst.bytes || static_cast<std::size_t>(bytes) > src.bytes) throw ArgumentError("copy size out of range");
  copyDeviceToDevice(dst.pointer, src.pointer, static_cast<std::size_t>(bytes));
  return undefinedValue(a.env());
}

namespace {

struct ReadJob {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  napi_ref target = nullptr;
  void* staging = nullptr;
  std::size_t granted = 0;
  std::size_t bytes = 0;
  Event event = nullptr;
  std::string error;
  int code = 0;
};

void readExecute(napi_env, void* data) {
  auto* job = static_cast<ReadJob*>(data);
  try {
    waitEvent(job->event);
  } catch (const DeviceError& e) {
    job->error = e.what();
    job->code = e.code;
  }
}

void readComplete(napi_env env, napi_status, void* data) {
  auto* job = static_cast<ReadJob*>(data);
  napi_value target;
  napi_get_reference_value(env, job->target, &target);
  if (job->error.empty()) {
    void* destination = nullptr;
    size_t length = 0;
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset = 0;
    napi_get_typedarray_info(env, target, &type, &length, &destination, &buffer, &offset);
    if (job->bytes > 0) std::memcpy(destination, job->staging, job->bytes);
    napi_resolve_deferred(env, job->deferred, target);
  } else {
    napi_value message, error, codeValue;
    napi_create_string_utf8(env, job->error.c_str(), job->error.size(), &message);
    napi_create_error(env, nullptr, message, &error);
    napi_create_int32(env, job->code, &codeValue);
    napi_set_named_property(env, error, "cudaCode", codeValue);
    napi_reject_deferred(env, job->deferred, error);
  }
  pinnedMemory.release(job->staging, job->granted);
  destroyEvent(job->event);
  napi_delete_reference(env, job->target);
  napi_delete_async_work(env, job->work);
  delete job;
}

}  // namespace

// download(handle, typedArray) → Promise<typedArray>: the copy goes on the stream into pinned
// staging memory; a worker thread waits for it, then the main thread fills the array.
napi_value Download(const Args& a) {
  Block& block = a.block(0);
  auto [data, bytes] = a.bytes(1);
  (void)data;
  if (bytes > block.bytes) throw ArgumentError("download of " + std::to_string(bytes) + " bytes from a buffer of " + std::to_string(block.bytes));
  napi_env env = a.env();
  auto* job = new ReadJob();
  job->bytes = bytes;
  try {
    job->staging = pinnedMemory.allocate(bytes, &job->granted);
    copyToHostAsync(job->staging, block.pointer, bytes);
    job->event = recordEvent();
  } catch (...) {
    if (job->staging != nullptr) pinnedMemory.release(job->staging, job->granted);
    delete job;
    throw;
  }
  napi_value promise, name;
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_reference(env, a.at(1), 1, &job->target);
  napi_create_string_utf8(env, "derand-cuda-read", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, nullptr, name, readExecute, readComplete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

napi_value Memory(const Args& a) {
  napi_env env = a.env();
  const AllocatorStats s = deviceMemory.stats();
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "liveBytes", numberValue(env, static_cast<double>(s.liveBytes)));
  set(env, o, "liveBuffers", numberValue(env, static_cast<double>(s.liveBlocks)));
  set(env, o, "cachedBytes", numberValue(env, static_cast<double>(s.cachedBytes)));
  set(env, o, "cachedBuffers", numberValue(env, static_cast<double>(s.cachedBlocks)));
  set(env, o, "peakLiveBytes", numberValue(env, static_cast<double>(s.peakLiveBytes)));
  set(env, o, "deviceMallocs", numberValue(env, static_cast<double>(s.deviceMallocs)));
  set(env, o, "cacheHits", numberValue(env, static_cast<double>(s.cacheHits)));
  return o;
}

napi_value EmptyCache(const Args& a) {
  synchronize();
  deviceMemory.emptyCache();
  pinnedMemory.emptyCache();
  return undefinedValue(a.env());
}

napi_value Synchronize(const Args& a) {
  synchronize();
  return undefinedValue(a.env());
}

namespace {
std::vector<Event> timers;
}  // namespace

napi_value TimerStart(const Args& a) {
  requireRuntime();
  timers.push_back(recordEvent());
  return numberValue(a.env(), static_cast<double>(timers.size() - 1));
}

napi_value TimerStop(const Args& a) {
  const int64_t id = a.integer(0);
  if (id < 0 || id >= static_cast<int64_t>(timers.size()) || timers[id] == nullptr) throw ArgumentError("unknown timer");
  Event end = recordEvent();
  const float ms = elapsedMs(timers[id], end);
  destroyEvent(end);
  destroyEvent(timers[id]);
  timers[id] = nullptr;
  while (!timers.empty() && timers.back() == nullptr) timers.pop_back();
  return numberValue(a.env(), ms);
}

napi_value GemmPathValue(const Args& a) { return stringValue(a.env(), gemmPath()); }

}  // namespace dr
