import type { Availability } from '@derand/registry';
import { loadAddon, readBuildInfo, type AddonFlavour, type CudaAddon } from './native-addon.js';

/** CUDA error codes with a reason worth naming (cudaError_t). */
const KNOWN_ERRORS: Record<number, string> = {
  35: 'driver insufficient',
  100: 'no device',
  999: 'unknown error',
};

/**
 * Can the `flavour` addon run here? Not when the build skipped it (the recorded reason, e.g.
 * "nvcc not found at build time"), when it fails to load, or when the CUDA runtime finds no
 * usable device ("CUDA error 35: driver insufficient …", "no device"). Details name the GEMM
 * path chosen at build time.
 */
export function addonAvailability(flavour: AddonFlavour): Availability & { addon?: CudaAddon } {
  const load = loadAddon(flavour);
  if (!load.ok) return { ok: false, reason: load.reason };
  const build = load.addon.buildInfo();
  const probe = load.addon.probe();
  const details = {
    gemm: build.gemm,
    arch: build.arch,
    cudaToolkit: build.cudaVersion,
    tf32: 'off unless the tf32 option is set',
  };
  if (probe.code !== 0) {
    const known = KNOWN_ERRORS[probe.code];
    return {
      ok: false,
      reason: `CUDA error ${probe.code}${known === undefined ? '' : `: ${known}`} (${probe.error})`,
      details,
    };
  }
  if (probe.deviceCount === 0) return { ok: false, reason: 'no device: the CUDA runtime found no GPU', details };
  return {
    ok: true,
    addon: load.addon,
    details: {
      ...details,
      device: probe.name,
      computeCapability: probe.computeCapability,
      multiprocessors: probe.multiprocessors,
      memoryGiB: Math.round((probe.totalMemory / 2 ** 30) * 10) / 10,
      driverVersion: probe.driverVersion,
      runtimeVersion: probe.runtimeVersion,
    },
  };
}

/** The build record's reason when the CUDA flavour was not built, for messages. */
export function cudaBuildReason(): string | undefined {
  const info = readBuildInfo();
  return info?.cuda.built === false ? info.cuda.reason : undefined;
}
