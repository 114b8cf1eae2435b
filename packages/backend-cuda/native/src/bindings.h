// The functions the addon exports (addon.cc lists them under their JavaScript names).
#pragma once

#include <cstddef>

#include "napi-args.h"

namespace dr {

napi_value Probe(const Args& a);
napi_value BuildInfo(const Args& a);
napi_value Init(const Args& a);
napi_value SetTf32(const Args& a);
napi_value SetForceTiledGemm(const Args& a);
napi_value Alloc(const Args& a);
napi_value Free(const Args& a);
napi_value Upload(const Args& a);
napi_value DownloadSync(const Args& a);
napi_value CopyBuffer(const Args& a);
napi_value Download(const Args& a);
napi_value Memory(const Args& a);
napi_value EmptyCache(const Args& a);
napi_value Synchronize(const Args& a);
napi_value TimerStart(const Args& a);
napi_value TimerStop(const Args& a);
napi_value GemmPathValue(const Args& a);
napi_value Unary(const Args& a);
napi_value Binary(const Args& a);
napi_value Select(const Args& a);
napi_value Cast(const Args& a);
napi_value Fill(const Args& a);
napi_value Range(const Args& a);
napi_value OneHot(const Args& a);
napi_value CopyStrided(const Args& a);
napi_value Gather(const Args& a);
napi_value GatherNd(const Args& a);
napi_value ScatterNd(const Args& a);
napi_value SegmentSum(const Args& a);
napi_value Reduce(const Args& a);
napi_value Cumulative(const Args& a);
napi_value Softmax(const Args& a);
napi_value RandomNormal(const Args& a);
napi_value RandomUniform(const Args& a);
napi_value Matmul(const Args& a);

/** Temporary device memory from the caching allocator (released at once: stream order keeps it safe). */
void* scratchAllocate(std::size_t bytes, std::size_t* granted);
void scratchRelease(void* pointer, std::size_t granted);

}  // namespace dr
