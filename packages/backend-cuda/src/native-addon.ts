import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Buffer handle of the addon: an index into its table of device blocks (0 = empty buffer). */
export type Handle = number;

/** dtype codes shared with native/src/types.h: float32 0, int32 1, bool 2. */
export type DTypeCode = 0 | 1 | 2;

/** What `probe()` found on this machine. `code` is the CUDA error (0 when a device is usable). */
export interface ProbeResult {
  readonly code: number;
  readonly error: string;
  readonly deviceCount: number;
  readonly name: string;
  readonly computeCapability: string;
  readonly multiprocessors: number;
  readonly totalMemory: number;
  readonly driverVersion: number;
  readonly runtimeVersion: number;
}

/** Device-memory accounting of the caching allocator. */
export interface AllocatorMemory {
  /** Bytes in blocks held by tensors (rounded block sizes). */
  readonly liveBytes: number;
  readonly liveBuffers: number;
  /** Bytes in freed blocks kept for reuse. */
  readonly cachedBytes: number;
  readonly cachedBuffers: number;
  readonly peakLiveBytes: number;
  /** cudaMalloc calls (cache misses). */
  readonly deviceMallocs: number;
  readonly cacheHits: number;
}

/**
 * The native addon's functions (native/src/addon.cc). Buffers are handles; kernels enqueue on
 * the one stream and return at once; shapes and strides are plain arrays of integers.
 */
export interface CudaAddon {
  probe(): ProbeResult;
  buildInfo(): { gemm: string; emulator: boolean; arch: string; cudaVersion: string };
  init(): void;
  setTf32(on: boolean): void;
  setForceTiledGemm(on: boolean): void;
  gemmPath(): string;
  alloc(bytes: number): Handle;
  free(handle: Handle): void;
  upload(handle: Handle, data: ArrayBufferView): void;
  downloadSync(handle: Handle, into: ArrayBufferView): void;
  download<T extends ArrayBufferView>(handle: Handle, into: T): Promise<T>;
  copyBuffer(destination: Handle, source: Handle, bytes: number): void;
  memory(): AllocatorMemory;
  emptyCache(): void;
  synchronize(): void;
  timerStart(): number;
  timerStop(timer: number): number;
  unary(op: number, inDtype: DTypeCode, outDtype: DTypeCode, x: Handle, y: Handle, n: number, alpha: number, beta: number): void;
  binary(op: number, inDtype: DTypeCode, outDtype: DTypeCode, a: Handle, b: Handle, z: Handle, shape: number[], aStrides: number[], bStrides: number[]): void;
  select(dtype: DTypeCode, cond: Handle, a: Handle, b: Handle, z: Handle, shape: number[], condStrides: number[], aStrides: number[], bStrides: number[]): void;
  cast(from: DTypeCode, to: DTypeCode, x: Handle, y: Handle, n: number): void;
  fill(dtype: DTypeCode, y: Handle, n: number, value: number): void;
  range(dtype: DTypeCode, y: Handle, n: number, start: number, step: number): void;
  oneHot(dtype: DTypeCode, indices: Handle, y: Handle, n: number, depth: number, on: number, off: number): void;
  copyStrided(elementBytes: 1 | 4, src: Handle, srcOffset: number, dst: Handle, dstOffset: number, shape: number[], srcStrides: number[], dstStrides: number[]): void;
  gather(elementBytes: 1 | 4, x: Handle, indices: Handle, out: Handle, batch: number, outer: number, n: number, inner: number, m: number): void;
  gatherNd(elementBytes: 1 | 4, params: Handle, indices: Handle, out: Handle, numSlices: number, sliceSize: number, strides: number[], paramSlices: number): void;
  scatterNd(dtype: DTypeCode, indices: Handle, updates: Handle, out: Handle, numUpdates: number, sliceSize: number, strides: number[], outSlices: number): void;
  segmentSum(dtype: DTypeCode, x: Handle, ids: Handle, out: Handle, count: number, inner: number, segments: number): void;
  reduce(op: number, inDtype: DTypeCode, outDtype: DTypeCode, x: Handle, y: Handle, outer: number, r: number, inner: number): void;
  cumulative(product: boolean, dtype: DTypeCode, x: Handle, y: Handle, outer: number, n: number, inner: number, exclusive: boolean, reverse: boolean): void;
  softmax(x: Handle, y: Handle, rows: number, cols: number): void;
  randomNormal(y: Handle, n: number, k0: number, k1: number, mean: number, std: number): void;
  randomUniform(y: Handle, n: number, k0: number, k1: number, low: number, high: number): void;
  matmul(a: Handle, b: Handle, c: Handle, batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, strideA: number, strideB: number, strideC: number): void;
}

/** The two builds of the addon: the CUDA one and the host emulator used by tests. */
export type AddonFlavour = 'cuda' | 'emulator';

/** One flavour's entry in build/build-info.json (written by scripts/build-addon.mjs). */
export interface FlavourBuildInfo {
  readonly built: boolean;
  readonly reason?: string;
  readonly file?: string;
  readonly nvcc?: string;
  readonly cudaVersion?: string;
  readonly arch?: string;
  readonly gemm?: string;
}

export interface BuildInfo {
  readonly builtAt: string;
  readonly seconds: number;
  readonly cuda: FlavourBuildInfo;
  readonly emulator: FlavourBuildInfo;
}

const ENV_ADDON: Record<AddonFlavour, string> = { cuda: 'DERAND_CUDA_ADDON', emulator: 'DERAND_CUDA_EMULATOR_ADDON' };
const FILE: Record<AddonFlavour, string> = { cuda: 'derand_cuda.node', emulator: 'derand_cuda_emulator.node' };

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The build folder: `DERAND_CUDA_BUILD_DIR`, else `../build` next to this module (src/ under
 * vitest, dist/ when installed: both sit one level below the package root).
 */
export function buildDir(): string {
  return env('DERAND_CUDA_BUILD_DIR') ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
}

/** build/build-info.json, or undefined when the native build never ran. */
export function readBuildInfo(): BuildInfo | undefined {
  const file = join(buildDir(), 'build-info.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as BuildInfo;
}

/** Result of trying to load one flavour of the addon. */
export type AddonLoad = { readonly ok: true; readonly addon: CudaAddon; readonly path: string } | { readonly ok: false; readonly reason: string };

const loaded = new Map<AddonFlavour, AddonLoad>();

/**
 * Loads the addon of `flavour` once per process: from `DERAND_CUDA_ADDON` /
 * `DERAND_CUDA_EMULATOR_ADDON` when set, else from the build folder. Never throws: a
 * failure comes back with the reason (not built, and why; or the loader's message).
 */
export function loadAddon(flavour: AddonFlavour): AddonLoad {
  const cached = loaded.get(flavour);
  if (cached !== undefined) return cached;
  const result = tryLoad(flavour);
  loaded.set(flavour, result);
  return result;
}

function tryLoad(flavour: AddonFlavour): AddonLoad {
  let path = env(ENV_ADDON[flavour]);
  if (path === undefined) {
    const info = readBuildInfo();
    if (info === undefined) {
      return { ok: false, reason: 'the native addon was not built (run the package build: pnpm --filter @derand/backend-cuda build)' };
    }
    const entry = info[flavour];
    if (!entry.built) return { ok: false, reason: (entry.reason ?? 'not built').split('\n')[0] ?? 'not built' };
    path = join(buildDir(), entry.file ?? FILE[flavour]);
  }
  if (!existsSync(path)) return { ok: false, reason: `addon file ${path} is missing (rebuild the package)` };
  try {
    const require = createRequire(import.meta.url);
    return { ok: true, addon: require(path) as CudaAddon, path };
  } catch (error) {
    return { ok: false, reason: `addon failed to load: ${error instanceof Error ? error.message : String(error)}` };
  }
}
