// A caching allocator for device memory. Freed blocks go to a size-ordered cache and are
// reused by later requests of a close size; since every kernel runs on one stream, a block
// freed by the host can be handed out again at once: any later use is ordered after the
// earlier one on the stream. cudaMalloc is called only on a cache miss, cudaFree only by
// emptyCache() or to retry an allocation that ran out of memory.
#pragma once

#include <cstddef>
#include <map>

namespace dr {

struct AllocatorStats {
  std::size_t liveBytes = 0;     // bytes in blocks handed out and not released
  std::size_t liveBlocks = 0;
  std::size_t cachedBytes = 0;   // bytes in released blocks kept for reuse
  std::size_t cachedBlocks = 0;
  std::size_t peakLiveBytes = 0;
  std::size_t deviceMallocs = 0; // cache misses
  std::size_t cacheHits = 0;
};

class CachingAllocator {
 public:
  using Malloc = void* (*)(std::size_t);
  using Free = void (*)(void*);
  CachingAllocator(Malloc malloc, Free free) : malloc_(malloc), free_(free) {}

  /** A block of at least `bytes` (nullptr for 0); `granted` receives its real size. */
  void* allocate(std::size_t bytes, std::size_t* granted);
  /** Returns a block (with the size `allocate` granted) to the cache. */
  void release(void* pointer, std::size_t granted);
  /** Frees every cached block. */
  void emptyCache();
  AllocatorStats stats() const { return stats_; }

  /** The size a request is rounded to: 512 B below 1 MiB, 128 KiB above. */
  static std::size_t roundSize(std::size_t bytes);

 private:
  Malloc malloc_;
  Free free_;
  std::multimap<std::size_t, void*> cache_;
  AllocatorStats stats_;
};

}  // namespace dr
