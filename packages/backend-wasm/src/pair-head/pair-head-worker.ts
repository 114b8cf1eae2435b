/**
 * The pair-head worker thread (pair-head-threads.ts): waits for a job on the control words, runs
 * it ({@link PairHeadMemory} for a pair head, {@link MatMulMemory} for a matmul) on the shared
 * data buffers, says done. A new data buffer comes through the message port before the job that
 * needs it. A failure is flagged (the main thread throws) and printed on stderr.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { MatMulMemory, PairHeadMemory } from './pair-head-compute.js';
import { Control, JobKind, jobViews, matMulViews } from './pair-head-layout.js';

const { control: controlBuffer, params: paramsBuffer, port } = workerData as { control: SharedArrayBuffer; params: SharedArrayBuffer; port: MessagePort };
const control = new Int32Array(controlBuffer);
const params = new Float64Array(paramsBuffer);
const memory = new PairHeadMemory();
const matMulMemory = new MatMulMemory();
let data: SharedArrayBuffer | undefined;
let matMulData: SharedArrayBuffer | undefined;
let generation = Atomics.load(control, Control.Generation);
Atomics.store(control, Control.Ready, 1);
Atomics.notify(control, Control.Ready);
for (;;) {
  Atomics.wait(control, Control.Generation, generation);
  generation = Atomics.load(control, Control.Generation);
  if (Atomics.load(control, Control.Exit) === 1) break;
  try {
    for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
      const buffers = message.message as { data?: SharedArrayBuffer; matMulData?: SharedArrayBuffer };
      data = buffers.data ?? data;
      matMulData = buffers.matMulData ?? matMulData;
    }
    if (control[Control.Kind] === JobKind.MatMul) {
      const shape = { m: control[Control.M]!, k: control[Control.K]!, cols: control[Control.Cols]! };
      matMulMemory.run({ ...shape, ...matMulViews(matMulData!, shape) }, control[Control.AVersion]);
    } else {
      const shape = { samples: control[Control.Samples]!, n: control[Control.N]!, q: control[Control.Q]! };
      memory.run({ ...shape, temperature: params[0]!, offset: params[1]!, ...jobViews(data!, shape) }, control[Control.ScaleVersion]);
    }
  } catch (error) {
    process.stderr.write(`pair-head worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    Atomics.store(control, Control.Failed, 1);
  }
  Atomics.store(control, Control.Done, generation);
  Atomics.notify(control, Control.Done);
}
