// Host emulation of a kernel launch: blocks run one after another; inside a block each thread
// is a fiber (ucontext) so that DR_SYNC() is a real barrier: the scheduler runs every fiber
// until it finishes or reaches the barrier, then releases them all. Kernels without barriers
// run as plain loops. Used only by the emulator build (tests on machines without a GPU).
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "kernel.h"

namespace dr::emu {

dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace {

constexpr std::size_t kStackBytes = 128 * 1024;

struct Fiber {
  ucontext_t context;
  std::vector<char> stack;
  dim3 index;
  bool done = false;
  bool waiting = false;
};

ucontext_t scheduler;
std::vector<Fiber> fibers;
Fiber* running = nullptr;
void (*currentBody)(void*) = nullptr;
void* currentClosure = nullptr;
bool barriersAllowed = false;

void fiberEntry() {
  currentBody(currentClosure);
  running->done = true;
  // returning switches to uc_link, the scheduler
}

void runBlockWithFibers(dim3 block) {
  const unsigned count = block.x * block.y * block.z;
  if (fibers.size() < count) fibers.resize(count);
  unsigned i = 0;
  for (unsigned z = 0; z < block.z; ++z) {
    for (unsigned y = 0; y < block.y; ++y) {
      for (unsigned x = 0; x < block.x; ++x, ++i) {
        Fiber& f = fibers[i];
        if (f.stack.empty()) f.stack.resize(kStackBytes);
        getcontext(&f.context);
        f.context.uc_stack.ss_sp = f.stack.data();
        f.context.uc_stack.ss_size = f.stack.size();
        f.context.uc_link = &scheduler;
        makecontext(&f.context, fiberEntry, 0);
        f.index = dim3(x, y, z);
        f.done = false;
        f.waiting = false;
      }
    }
  }
  for (;;) {
    for (unsigned k = 0; k < count; ++k) {
      Fiber& f = fibers[k];
      if (f.done || f.waiting) continue;
      running = &f;
      threadIdx = f.index;
      swapcontext(&scheduler, &f.context);
    }
    bool allDone = true;
    for (unsigned k = 0; k < count; ++k) {
      if (!fibers[k].done) allDone = false;
      fibers[k].waiting = false;
    }
    if (allDone) break;
  }
  running = nullptr;
}

}  // namespace

void syncThreads() {
  if (!barriersAllowed || running == nullptr) {
    std::fprintf(stderr, "emulator: DR_SYNC() in a kernel started with launch(); use launchSync()\n");
    std::abort();
  }
  Fiber* self = running;
  self->waiting = true;
  swapcontext(&self->context, &scheduler);
  threadIdx = self->index;
}

void launch(dim3 grid, dim3 block, bool usesBarriers, void (*body)(void*), void* closure) {
  gridDim = grid;
  blockDim = block;
  currentBody = body;
  currentClosure = closure;
  barriersAllowed = usesBarriers;
  for (unsigned bz = 0; bz < grid.z; ++bz) {
    for (unsigned by = 0; by < grid.y; ++by) {
      for (unsigned bx = 0; bx < grid.x; ++bx) {
        blockIdx = dim3(bx, by, bz);
        if (usesBarriers) {
          runBlockWithFibers(block);
          continue;
        }
        for (unsigned z = 0; z < block.z; ++z) {
          for (unsigned y = 0; y < block.y; ++y) {
            for (unsigned x = 0; x < block.x; ++x) {
              threadIdx = dim3(x, y, z);
              body(closure);
            }
          }
        }
      }
    }
  }
  barriersAllowed = false;
}

}  // namespace dr::emu
