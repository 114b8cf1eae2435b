#include "allocator.h"

#include "types.h"

namespace dr {

std::size_t CachingAllocator::roundSize(std::size_t bytes) {
  const std::size_t unit = bytes < (1u << 20) ? 512 : (128u << 10);
  return ((bytes + unit - 1) / unit) * unit;
}

void* CachingAllocator::allocate(std::size_t bytes, std::size_t* granted) {
  *granted = 0;
  if (bytes == 0) return nullptr;
  const std::size_t size = roundSize(bytes);
  void* pointer = nullptr;
  // Reuse a cached block no more than 25 % larger than needed.
  auto found = cache_.lower_bound(size);
  if (found != cache_.end() && found->first <= size + size / 4) {
    pointer = found->second;
    *granted = found->first;
    cache_.erase(found);
    stats_.cachedBytes -= *granted;
    stats_.cachedBlocks -= 1;
    stats_.cacheHits += 1;
  } else {
    try {
      pointer = malloc_(size);
    } catch (const DeviceError&) {
      if (cache_.empty()) throw;
      emptyCache();
      pointer = malloc_(size);
    }
    stats_.deviceMallocs += 1;
    *granted = size;
  }
  stats_.liveBytes += *granted;
  stats_.liveBlocks += 1;
  if (stats_.liveBytes > stats_.peakLiveBytes) stats_.peakLiveBytes = stats_.liveBytes;
  return pointer;
}

void CachingAllocator::release(void* pointer, std::size_t granted) {
  if (pointer == nullptr) return;
  stats_.liveBytes -= granted;
  stats_.liveBlocks -= 1;
  cache_.emplace(granted, pointer);
  stats_.cachedBytes += granted;
  stats_.cachedBlocks += 1;
}

void CachingAllocator::emptyCache() {
  for (auto& entry : cache_) free_(entry.second);
  cache_.clear();
  stats_.cachedBytes = 0;
  stats_.cachedBlocks = 0;
}

}  // namespace dr
