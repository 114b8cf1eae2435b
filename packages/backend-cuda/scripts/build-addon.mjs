#!/usr/bin/env node
// Builds the native addon in two flavours and records what was built in build/build-info.json:
//   build/derand_cuda.node           nvcc kernels + cudart_static (+ cuBLASLt/cuBLAS when found)
//   build/derand_cuda_emulator.node  the same kernel sources compiled for the host (tests)
// Never fails the package build for a missing toolchain: the plugin reports the recorded
// reason instead. DERAND_CUDA_REQUIRE=1 turns a failed CUDA build into an error.
//
// Environment: CUDA_HOME / CUDA_PATH (toolkit), DERAND_CUDA_ARCH (default 90),
// DERAND_CUDA_GEMM=tiled|cublas|cublaslt (force a GEMM path), DERAND_NODE_INCLUDE (node_api.h
// folder), CXX (host compiler), DERAND_BUILD_JOBS (parallel compiles, default: CPU count),
// DERAND_CUDA_SKIP_EMULATOR=1 (CUDA flavour only), DERAND_CUDA_BUILD_DIR (output folder,
// default build/; the loader reads the same variable).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native', 'src');
const env = process.env;
const out = env.DERAND_CUDA_BUILD_DIR ? resolve(env.DERAND_CUDA_BUILD_DIR) : join(root, 'build');

function which(name) {
  for (const dir of (env.PATH ?? '').split(':')) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function findNvcc() {
  const homes = [env.CUDA_HOME, env.CUDA_PATH, '/usr/local/cuda'].filter(Boolean);
  for (const home of homes) if (existsSync(join(home, 'bin', 'nvcc'))) return { nvcc: join(home, 'bin', 'nvcc'), home };
  const onPath = which('nvcc');
  if (onPath !== undefined) return { nvcc: onPath, home: resolve(dirname(onPath), '..') };
  return undefined;
}

function findNodeInclude() {
  const candidates = [env.DERAND_NODE_INCLUDE, join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((dir) => dir !== undefined && existsSync(join(dir, 'node_api.h')));
}

function findLibrary(home, file) {
  const dirs = [join(home, 'lib64'), join(home, 'lib'), join(home, 'targets', 'x86_64-linux', 'lib'), '/usr/lib/x86_64-linux-gnu', '/usr/lib64'];
  return dirs.find((dir) => existsSync(join(dir, file)));
}

function run(command, args) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolvePromise({ code: 1, output: String(error) }));
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/** Runs compile jobs with bounded parallelism; resolves to the first failure or undefined. */
async function runAll(jobs, parallel) {
  let next = 0;
  let failure;
  const worker = async () => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++];
      if (job.upToDate()) continue;
      const result = await run(job.command, job.args);
      if (result.code !== 0) failure = `${job.label} failed:\n${result.output.slice(-4000)}`;
      else job.done();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return failure;
}

const headers = readdirSync(src).filter((f) => f.endsWith('.h')).map((f) => join(src, f));
const newestHeader = Math.max(...headers.map((h) => statSync(h).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);

/** A compile job that is skipped when its object is newer than its inputs and flags. */
function compileJob(label, command, args, source, object) {
  const flagsFile = `${object}.flags`;
  const flags = createHash('sha1').update([command, ...args].join('\0')).digest('hex');
  return {
    label,
    command,
    args,
    upToDate: () =>
      existsSync(object) &&
      existsSync(flagsFile) &&
      readFileSync(flagsFile, 'utf8') === flags &&
      statSync(object).mtimeMs > Math.max(statSync(source).mtimeMs, newestHeader),
    done: () => writeFileSync(flagsFile, flags),
  };
}

const kernelSources = readdirSync(src).filter((f) => f.endsWith('.cu')).sort();
const bindingSources = ['addon.cc', 'addon-memory.cc', 'addon-kernels.cc'];
const parallel = Number(env.DERAND_BUILD_JOBS ?? cpus().length) || 2;
const cxx = env.CXX ?? which('g++') ?? which('c++') ?? which('clang++');
const nodeInclude = findNodeInclude();
const started = Date.now();

async function buildCuda() {
  const found = findNvcc();
  if (found === undefined) return { built: false, reason: 'nvcc not found at build time (set CUDA_HOME or put nvcc on PATH)' };
  if (cxx === undefined) return { built: false, reason: 'no C++ compiler (g++/c++/clang++) found at build time' };
  if (nodeInclude === undefined) return { built: false, reason: 'Node.js headers (node_api.h) not found; set DERAND_NODE_INCLUDE' };
  const { nvcc, home } = found;
  const cudartDir = findLibrary(home, 'libcudart_static.a');
  if (cudartDir === undefined) return { built: false, reason: `libcudart_static.a not found under ${home}` };
  const version = /release ([0-9.]+)/.exec((await run(nvcc, ['--version'])).output)?.[1] ?? 'unknown';
  const arch = env.DERAND_CUDA_ARCH ?? '90';
  const include = join(home, 'include');
  const wanted = (env.DERAND_CUDA_GEMM ?? 'auto').toLowerCase();
  const blasDir = findLibrary(home, 'libcublas.so');
  const ltDir = findLibrary(home, 'libcublasLt.so');
  const hasBlas = blasDir !== undefined && existsSync(join(include, 'cublas_v2.h'));
  const hasLt = hasBlas && ltDir !== undefined && existsSync(join(include, 'cublasLt.h'));
  let gemm = 'tiled';
  if (wanted === 'auto') gemm = hasLt ? 'cuBLASLt' : hasBlas ? 'cuBLAS' : 'tiled';
  else if (wanted === 'cublaslt') gemm = hasLt ? 'cuBLASLt' : 'tiled';
  else if (wanted === 'cublas') gemm = hasBlas ? 'cuBLAS' : 'tiled';
  if (wanted !== 'auto' && wanted !== 'tiled' && gemm === 'tiled') {
    return { built: false, reason: `DERAND_CUDA_GEMM=${wanted}, but the toolkit at ${home} has no ${wanted === 'cublas' ? 'cuBLAS' : 'cuBLASLt'}` };
  }
  const defines = [
    ...(gemm === 'cuBLASLt' ? ['-DDR_HAVE_CUBLASLT', '-DDR_HAVE_CUBLAS'] : gemm === 'cuBLAS' ? ['-DDR_HAVE_CUBLAS'] : []),
    `-DDR_ARCH="sm_${arch}"`,
    `-DDR_CUDA_VERSION="${version}"`,
  ];
  const objects = join(out, 'obj', 'cuda');
  mkdirSync(objects, { recursive: true });
  const jobs = [];
  const objectFiles = [];
  for (const file of kernelSources) {
    const object = join(objects, file.replace(/\.cu$/, '.o'));
    objectFiles.push(object);
    const args = ['-std=c++17', '-O3', '-Xcompiler', '-fPIC', `-gencode=arch=compute_${arch},code=sm_${arch}`, `-gencode=arch=compute_${arch},code=compute_${arch}`, `-I${src}`, '-c', join(src, file), '-o', object];
    // The random kernels must round like the host sampler: no fused multiply-add.
    if (file === 'random.cu') args.unshift('-fmad=false');
    jobs.push(compileJob(`nvcc ${file}`, nvcc, args, join(src, file), object));
  }
  const hostSources = [...bindingSources, 'allocator.cc', 'gemm.cc', 'runtime-cuda.cc', ...(gemm === 'tiled' ? [] : ['gemm-cublas.cc'])];
  for (const file of hostSources) {
    const object = join(objects, file.replace(/\.cc$/, '.o'));
    objectFiles.push(object);
    const args = ['-std=c++17', '-O2', '-fPIC', '-Wall', `-I${src}`, `-I${include}`, `-I${nodeInclude}`, ...defines, '-c', join(src, file), '-o', object];
    jobs.push(compileJob(`${cxx} ${file}`, cxx, args, join(src, file), object));
  }
  const failure = await runAll(jobs, parallel);
  if (failure !== undefined) return { built: false, reason: `the CUDA addon failed to compile: ${failure}`, gemm, arch, cudaVersion: version };
  const libs = [`-L${cudartDir}`, '-lcudart_static'];
  if (gemm !== 'tiled') {
    const dirs = [...new Set([blasDir, ltDir].filter(Boolean))];
    libs.push(...dirs.map((d) => `-L${d}`), ...dirs.map((d) => `-Wl,-rpath,${d}`), ...(gemm === 'cuBLASLt' ? ['-lcublasLt'] : []), '-lcublas');
  }
  const target = join(out, 'derand_cuda.node');
  const link = await run(cxx, ['-shared', '-o', target, ...objectFiles, ...libs, '-ldl', '-lrt', '-lpthread']);
  if (link.code !== 0) return { built: false, reason: `the CUDA addon failed to link:\n${link.output.slice(-4000)}`, gemm, arch, cudaVersion: version };
  return { built: true, file: 'derand_cuda.node', nvcc, cudaVersion: version, arch: `sm_${arch}`, gemm };
}

async function buildEmulator() {
  if (env.DERAND_CUDA_SKIP_EMULATOR === '1') return { built: false, reason: 'skipped (DERAND_CUDA_SKIP_EMULATOR=1)' };
  if (cxx === undefined) return { built: false, reason: 'no C++ compiler (g++/c++/clang++) found at build time' };
  if (nodeInclude === undefined) return { built: false, reason: 'Node.js headers (node_api.h) not found; set DERAND_NODE_INCLUDE' };
  const objects = join(out, 'obj', 'emulator');
  mkdirSync(objects, { recursive: true });
  const common = ['-std=c++17', '-O2', '-fPIC', '-ffp-contract=off', '-DDR_EMULATE', `-I${src}`, `-I${nodeInclude}`, '-DDR_ARCH="host"', '-DDR_CUDA_VERSION="none"'];
  const jobs = [];
  const objectFiles = [];
  for (const file of [...kernelSources, ...bindingSources, 'allocator.cc', 'gemm.cc', 'emulator.cc', 'runtime-emulator.cc']) {
    const object = join(objects, file.replace(/\.(cu|cc)$/, '.o'));
    objectFiles.push(object);
    jobs.push(compileJob(`${cxx} ${file} (emulator)`, cxx, [...(file.endsWith('.cu') ? ['-x', 'c++'] : []), ...common, '-c', join(src, file), '-o', object], join(src, file), object));
  }
  const failure = await runAll(jobs, parallel);
  if (failure !== undefined) return { built: false, reason: `the emulator addon failed to compile: ${failure}` };
  const target = join(out, 'derand_cuda_emulator.node');
  const link = await run(cxx, ['-shared', '-o', target, ...objectFiles, '-lpthread']);
  if (link.code !== 0) return { built: false, reason: `the emulator addon failed to link:\n${link.output.slice(-4000)}` };
  return { built: true, file: 'derand_cuda_emulator.node' };
}

mkdirSync(out, { recursive: true });
const cuda = await buildCuda();
const emulator = await buildEmulator();
const info = { builtAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000, cuda, emulator };
writeFileSync(join(out, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
const line = (name, r) => `${name}: ${r.built ? `built (${r.file}${r.gemm ? `, GEMM ${r.gemm}, ${r.arch}` : ''})` : `not built — ${r.reason.split('\n')[0]}`}`;
console.log(`@derand/backend-cuda native build in ${info.seconds.toFixed(1)} s\n  ${line('cuda', cuda)}\n  ${line('emulator', emulator)}`);
if (!cuda.built && cuda.reason.includes('failed')) console.error(cuda.reason);
if (!emulator.built && emulator.reason.includes('failed')) console.error(emulator.reason);
if (env.DERAND_CUDA_REQUIRE === '1' && !cuda.built) process.exit(1);
