import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAddon, readBuildInfo, type CudaAddon } from './native-addon.js';

// The native build and loader: the addon is built wherever nvcc exists, loads, reports the
// GEMM path chosen at build time, and turns "no GPU" into a clear CUDA error instead of a
// crash. The allocator and argument checks are exercised on the emulator build.

function nvccPresent(): boolean {
  const homes = [process.env['CUDA_HOME'], process.env['CUDA_PATH'], '/usr/local/cuda'].filter((h): h is string => h !== undefined && h !== '');
  return homes.some((h) => existsSync(join(h, 'bin', 'nvcc'))) || (process.env['PATH'] ?? '').split(':').some((d) => d !== '' && existsSync(join(d, 'nvcc')));
}

describe('native build', () => {
  it('records what it built, and builds the CUDA addon wherever nvcc exists', () => {
    const info = readBuildInfo();
    expect(info, 'build/build-info.json (run the package build)').toBeDefined();
    if (nvccPresent()) expect(info?.cuda.built, `nvcc is present but the CUDA addon was not built: ${info?.cuda.reason}`).toBe(true);
    else expect(info?.cuda.reason).toMatch(/nvcc not found at build time/);
    if (info?.cuda.built === true) expect(['cuBLASLt', 'cuBLAS', 'tiled']).toContain(info.cuda.gemm);
  });

  it('loads the CUDA addon, which reports its build and probes the device without crashing', (context) => {
    const info = readBuildInfo();
    if (info?.cuda.built !== true) return context.skip(`CUDA addon not built here: ${info?.cuda.reason}`);
    const load = loadAddon('cuda');
    if (!load.ok) throw new Error(load.reason);
    const build = load.addon.buildInfo();
    expect(build.emulator).toBe(false);
    expect(build.gemm).toBe(info.cuda.gemm);
    const probe = load.addon.probe();
    if (probe.code === 0) {
      expect(probe.deviceCount).toBeGreaterThan(0);
      expect(probe.name).not.toBe('');
    } else {
      // Without a driver (this machine, CI) the runtime answers 35, cudaErrorInsufficientDriver.
      expect(probe.error).toMatch(/^cuda\w+: ./);
      expect(() => load.addon.init()).toThrow(new RegExp(`CUDA error ${probe.code}`));
    }
  });
});

describe('library GEMM source', () => {
  it('compiles against the cuBLAS/cuBLASLt API (declarations in native/test/cublas-stub) with both paths enabled', (context) => {
    const cudaInclude = ['/usr/local/cuda/include', join(process.env['CUDA_HOME'] ?? '/nonexistent', 'include')].find((d) => existsSync(join(d, 'cuda_runtime.h')));
    if (cudaInclude === undefined) return context.skip('no CUDA headers here');
    const native = fileURLToPath(new URL('../native/', import.meta.url));
    for (const defines of [['-DDR_HAVE_CUBLASLT', '-DDR_HAVE_CUBLAS'], ['-DDR_HAVE_CUBLAS']]) {
      const result = spawnSync('g++', ['-std=c++17', '-fsyntax-only', '-Wall', '-Werror', ...defines, `-I${native}test/cublas-stub`, `-I${native}src`, `-I${cudaInclude}`, `${native}src/gemm-cublas.cc`, `${native}src/gemm.cc`], { encoding: 'utf8' });
      if (result.error !== undefined) return context.skip(`no g++ here: ${result.error.message}`);
      expect(result.status, result.stderr).toBe(0);
    }
  });
});

describe('emulator addon', () => {
  // The emulator is built wherever a C++ compiler is (the GPU machine skips it on purpose).
  const emulator = (context: { skip: (reason: string) => never }): CudaAddon => {
    const load = loadAddon('emulator');
    if (!load.ok) return context.skip(`emulator addon not built: ${load.reason}`);
    load.addon.init();
    return load.addon;
  };

  it('caches freed blocks and reuses them for requests of a close size', (context) => {
    const addon = emulator(context);
    addon.emptyCache();
    const start = addon.memory();
    const a = addon.alloc(1000);
    let m = addon.memory();
    expect(m.liveBytes - start.liveBytes).toBe(1024); // rounded to 512-byte units
    addon.free(a);
    m = addon.memory();
    expect(m.liveBytes).toBe(start.liveBytes);
    expect(m.cachedBytes).toBe(1024);
    const b = addon.alloc(900); // same 1024-byte block
    const reused = addon.memory();
    expect(reused.cacheHits).toBe(m.cacheHits + 1);
    expect(reused.deviceMallocs).toBe(m.deviceMallocs);
    const big = addon.alloc(3 * 2 ** 20 + 1); // above 1 MiB: 128 KiB units
    expect(addon.memory().liveBytes - reused.liveBytes).toBe(3 * 2 ** 20 + 128 * 1024);
    addon.free(b);
    addon.free(big);
    addon.emptyCache();
    expect(addon.memory().cachedBytes).toBe(0);
  });

  it('round-trips data and rejects bad handles, sizes and codes with clear errors', (context) => {
    const addon = emulator(context);
    const h = addon.alloc(16);
    addon.upload(h, new Float32Array([1, -2, 3.5, 4]));
    const back = new Float32Array(4);
    addon.downloadSync(h, back);
    expect(Array.from(back)).toEqual([1, -2, 3.5, 4]);
    expect(() => addon.upload(h, new Float32Array(5))).toThrow(/upload of 20 bytes into a buffer of 16/);
    expect(() => addon.free(123456)).toThrow(/not a live buffer handle/);
    expect(() => addon.unary(0, 7 as never, 0, h, h, 4, 0, 0)).toThrow(/not a dtype code/);
    expect(() => addon.unary(999, 0, 0, h, h, 4, 0, 0)).toThrow(/unknown unary op/);
    addon.free(h);
    expect(() => addon.free(h)).toThrow(/not a live buffer handle/);
  });
});
