/** The suite runner's own entry point (device/run-suite.mjs). */
export declare const runnerEntry: string;
/** The benchmark runner's entry point (device/run-bench.mjs). */
export declare const benchRunnerEntry: string;
/** Bundles test suites (and the runner) for a machine without node_modules. */
export declare function bundleForDevice(options: {
  entryPoints: Record<string, string>;
  outdir: string;
  minify?: boolean;
}): Promise<{ metafile: { outputs: Record<string, unknown> } }>;
/** Paths of the wasm backend's .wasm files. */
export declare function wasmFiles(): string[];
