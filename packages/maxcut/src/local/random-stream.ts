import { randomBits, type RandomKey } from '@derand/core';

/**
 * Sequential uniform draws from a key's Philox stream, refilled in blocks so that hot loops
 * (local search moves) pay one array read per draw.
 */
export class RandomStream {
  private block = 0;
  private buffer: Uint32Array = new Uint32Array(0);
  private next = 0;

  constructor(private readonly key: RandomKey) {}

  private refill(): void {
    this.buffer = randomBits(this.key, 4096, this.block);
    this.block += 1024;
    this.next = 0;
  }

  /** A uniform 32-bit word. */
  bits(): number {
    if (this.next >= this.buffer.length) this.refill();
    return this.buffer[this.next++]!;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.bits() / 2 ** 32;
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
