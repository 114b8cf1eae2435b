// The N-API module (plain C N-API, version 8+): registers the bindings of addon-memory.cc and
// addon-kernels.cc under their JavaScript names. Every binding validates its arguments and
// turns C++ failures into JavaScript errors with `cudaCode` (the CUDA error, or 0).
#include "bindings.h"

namespace dr {
namespace {

struct Export {
  const char* name;
  napi_callback callback;
};

const Export exportsTable[] = {
    {"probe", guarded<Probe>},
    {"buildInfo", guarded<BuildInfo>},
    {"init", guarded<Init>},
    {"setTf32", guarded<SetTf32>},
    {"setForceTiledGemm", guarded<SetForceTiledGemm>},
    {"gemmPath", guarded<GemmPathValue>},
    {"alloc", guarded<Alloc>},
    {"free", guarded<Free>},
    {"upload", guarded<Upload>},
    {"downloadSync", guarded<DownloadSync>},
    {"download", guarded<Download>},
    {"copyBuffer", guarded<CopyBuffer>},
    {"memory", guarded<Memory>},
    {"emptyCache", guarded<EmptyCache>},
    {"synchronize", guarded<Synchronize>},
    {"timerStart", guarded<TimerStart>},
    {"timerStop", guarded<TimerStop>},
    {"unary", guarded<Unary>},
    {"binary", guarded<Binary>},
    {"select", guarded<Select>},
    {"cast", guarded<Cast>},
    {"fill", guarded<Fill>},
    {"range", guarded<Range>},
    {"oneHot", guarded<OneHot>},
    {"copyStrided", guarded<CopyStrided>},
    {"gather", guarded<Gather>},
    {"gatherNd", guarded<GatherNd>},
    {"scatterNd", guarded<ScatterNd>},
    {"segmentSum", guarded<SegmentSum>},
    {"reduce", guarded<Reduce>},
    {"cumulative", guarded<Cumulative>},
    {"softmax", guarded<Softmax>},
    {"randomNormal", guarded<RandomNormal>},
    {"randomUniform", guarded<RandomUniform>},
    {"matmul", guarded<Matmul>},
};

}  // namespace
}  // namespace dr

NAPI_MODULE_INIT() {
  for (const auto& entry : dr::exportsTable) {
    napi_value fn;
    napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, entry.callback, nullptr, &fn);
    napi_set_named_property(env, exports, entry.name, fn);
  }
  return exports;
}
