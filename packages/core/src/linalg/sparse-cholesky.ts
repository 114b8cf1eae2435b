/**
 * Sparse Cholesky factorisation of a symmetric matrix for a positive-definiteness test at a
 * scale where the dense one (n³/3) is out of reach: a minimum-degree ordering, the symbolic
 * structure of L from the elimination tree, a left-looking numeric factorisation in float64,
 * and the backward-error margin that turns "every pivot was positive" into a rigorous statement.
 */

/** The nonzero pattern of a symmetric matrix: CSR rows of the off-diagonal entries, each pair {i, j} listed in row i and in row j. */
export interface SparsePattern {
  readonly n: number;
  /** Row pointers, length n + 1, into `neighbors`. */
  readonly offsets: ArrayLike<number>;
  /** Column indices of the off-diagonal entries (never i in row i), in any order within a row. */
  readonly neighbors: ArrayLike<number>;
}

/** A symmetric matrix: its diagonal apart and the off-diagonal entries on a {@link SparsePattern} (A_ij in row i equal to A_ji in row j). */
export interface SparseSymmetricMatrix extends SparsePattern {
  /** A_ii, length n. */
  readonly diagonal: ArrayLike<number>;
  /** A_ij for `neighbors`, the same length. */
  readonly values: ArrayLike<number>;
}

/** A fill-reducing elimination order. */
export interface EliminationOrdering {
  /** order[p] = the vertex eliminated p-th (row and column p of the permuted matrix). */
  readonly order: Int32Array;
  /** position[v] = p with order[p] = v. */
  readonly position: Int32Array;
  /** Off-diagonal nonzeros of column p of L: the degree of order[p] in the elimination graph when it was eliminated. */
  readonly columnCounts: Int32Array;
  /** nnz(L), the diagonal included. */
  readonly nonzeros: number;
  /** Multiplications and additions of the numeric factorisation: Σ_j c_j(c_j + 1), c_j the off-diagonal count of column j. */
  readonly flops: number;
  readonly seconds: number;
}

/** Why {@link minimumDegreeOrdering} gave up: the factor would exceed `maxNonzeros` or `maxFlops`. */
export interface OrderingStopped {
  readonly stopped: 'nonzeros' | 'flops';
  /** Vertices eliminated before it stopped. */
  readonly eliminated: number;
  readonly seconds: number;
}

/** The nonzero structure of the Cholesky factor L of P A Pᵀ for an elimination order P. */
export interface SymbolicCholesky {
  readonly n: number;
  readonly order: Int32Array;
  readonly position: Int32Array;
  /** Column pointers (length n + 1) into `rowIndices`: the off-diagonal rows of each column of L, ascending. */
  readonly columnPointers: Int32Array;
  readonly rowIndices: Int32Array;
  /** Elimination tree: parent[j] = the first off-diagonal row of column j (−1 for a root). */
  readonly parent: Int32Array;
  /** Nonzeros of row i of L, the diagonal included (the length of the inner products that form row i). */
  readonly rowCounts: Int32Array;
  /** nnz(L), the diagonal included. */
  readonly nonzeros: number;
  /** Multiplications and additions of the numeric factorisation: Σ_j c_j(c_j + 1), c_j the off-diagonal count of column j. */
  readonly flops: number;
  /** The most nonzeros in one column of L, the diagonal included. */
  readonly maxColumnCount: number;
  /** The most nonzeros in one row of L, the diagonal included: the r of {@link sparseCholeskyBackwardError}. */
  readonly maxRowCount: number;
  readonly seconds: number;
}

/** A numeric sparse Cholesky factorisation P A Pᵀ = L Lᵀ, or where it stopped. */
export interface SparseCholesky {
  /** True when every pivot was positive (then the backward-error statement of {@link sparseCholeskyBackwardError} holds). */
  readonly positiveDefinite: boolean;
  /** The first position (in the elimination order) whose pivot was not positive; −1 when none. */
  readonly failedAt: number;
  /** L_jj by position (valid below `failedAt`). */
  readonly diagonal: Float64Array;
  /** The off-diagonal entries of L on the symbolic structure (`rowIndices`). */
  readonly values: Float64Array;
  /** max_i |A_ii|. */
  readonly maxDiagonal: number;
  readonly nonzeros: number;
  readonly maxColumnCount: number;
  readonly maxRowCount: number;
  readonly seconds: number;
}

/** Options of {@link minimumDegreeOrdering}. */
export interface MinimumDegreeOptions {
  /**
   * Give up once nnz(L) is known to exceed this: the fill so far plus the edges left in the
   * elimination graph, each of which becomes an entry of L. Default: no cap.
   */
  readonly maxNonzeros?: number;
  /**
   * Give up once the numeric factorisation's flops (see {@link EliminationOrdering.flops}) so far
   * exceed this. The ordering's own work is of the same order, so this bounds its time too (a
   * sparse random graph of average degree 4 fills like a dense matrix of order n/5). Default: no cap.
   */
  readonly maxFlops?: number;
}

const now = (): number => performance.now() / 1000;

/** A symmetric pattern with sorted rows, checked: what every routine here works on. */
interface CheckedPattern {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
}

function checkSize(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: n must be a non-negative integer (got ${n}).`);
}

/**
 * Checks lengths, indices and (with values) finiteness, and returns the pattern with sorted rows
 * (two counting-sort transposes, O(n + nnz)); throws when it is not symmetric or repeats an entry.
 */
function checkedPattern(name: string, a: SparsePattern, values?: ArrayLike<number>): { pattern: CheckedPattern; sortedValues: Float64Array | undefined } {
  const { n, offsets, neighbors } = a;
  checkSize(name, n);
  if (offsets.length !== n + 1) throw new RangeError(`${name}: offsets has ${offsets.length} entries; n = ${n} needs n + 1 = ${n + 1}.`);
  if (offsets[0] !== 0) throw new RangeError(`${name}: offsets[0] is ${offsets[0]}; it must be 0.`);
  for (let i = 0; i < n; i++) {
    const lo = offsets[i]!;
    const hi = offsets[i + 1]!;
    if (!Number.isInteger(hi) || hi < lo) throw new RangeError(`${name}: offsets[${i + 1}] = ${hi} is not an integer ≥ offsets[${i}] = ${lo}.`);
  }
  const nnz = offsets[n]!;
  if (neighbors.length !== nnz) throw new RangeError(`${name}: neighbors has ${neighbors.length} entries; offsets[n] = ${nnz}.`);
  if (values !== undefined && values.length !== nnz) throw new RangeError(`${name}: values has ${values.length} entries; neighbors has ${nnz}.`);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const j = neighbors[k]!;
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`${name}: neighbors[${k}] = ${j} (row ${i}) is not a vertex index in [0, ${n}).`);
      if (j === i) throw new RangeError(`${name}: neighbors[${k}] = ${j} is the diagonal of row ${i}; give diagonal entries in \`diagonal\`.`);
      if (values !== undefined && !Number.isFinite(values[k]!)) throw new RangeError(`${name}: values[${k}] (row ${i}, column ${j}) is ${values[k]}; entries must be finite.`);
    }
  }
  // transpose twice: t has the rows of Aᵀ sorted, s those of A sorted; A = Aᵀ iff s = t entry by entry
  const transpose = (rowPtr: ArrayLike<number>, cols: ArrayLike<number>, vals: ArrayLike<number> | undefined) => {
    const ptr = new Int32Array(n + 1);
    for (let k = 0; k < nnz; k++) ptr[cols[k]! + 1]! += 1;
    for (let i = 0; i < n; i++) ptr[i + 1]! += ptr[i]!;
    const fillAt = ptr.slice(0, n);
    const out = new Int32Array(nnz);
    const outValues = vals === undefined ? undefined : new Float64Array(nnz);
    for (let i = 0; i < n; i++) {
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const at = fillAt[cols[k]!]!++;
        out[at] = i;
        if (outValues !== undefined) outValues[at] = vals![k]!;
      }
    }
    return { ptr, cols: out, vals: outValues };
  };
  const t = transpose(offsets, neighbors, values);
  const s = transpose(t.ptr, t.cols, t.vals);
  for (let i = 0; i < n; i++) {
    if (s.ptr[i + 1] !== t.ptr[i + 1]) {
      throw new RangeError(`${name}: row ${i} has ${s.ptr[i + 1]! - s.ptr[i]!} off-diagonal entries but column ${i} has ${t.ptr[i + 1]! - t.ptr[i]!}; the pattern must list every pair {i, j} in both rows.`);
    }
    for (let k = s.ptr[i]!; k < s.ptr[i + 1]!; k++) {
      if (k > s.ptr[i]! && s.cols[k] === s.cols[k - 1]) throw new RangeError(`${name}: row ${i} lists column ${s.cols[k]} twice.`);
      if (s.cols[k] !== t.cols[k]) throw new RangeError(`${name}: entry (${i}, ${s.cols[k]}) has no mirror (${s.cols[k]}, ${i}); the pattern must be symmetric.`);
      if (s.vals !== undefined && s.vals[k] !== t.vals![k]) throw new RangeError(`${name}: A[${i}][${s.cols[k]}] = ${s.vals[k]} but A[${s.cols[k]}][${i}] = ${t.vals![k]}; the matrix must be symmetric.`);
    }
  }
  return { pattern: { n, offsets: s.ptr, neighbors: s.cols }, sortedValues: s.vals };
}

function checkOrder(name: string, n: number, order: ArrayLike<number>): Int32Array {
  if (order.length !== n) throw new RangeError(`${name}: the order has ${order.length} entries; n = ${n}.`);
  const position = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const v = order[p]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new RangeError(`${name}: order[${p}] = ${v} is not a vertex index in [0, ${n}).`);
    if (position[v] !== -1) throw new RangeError(`${name}: order[${p}] = ${v} repeats order[${position[v]}]; the order must be a permutation.`);
    position[v] = p;
  }
  return position;
}

/** A binary min-heap of float64 keys (degree·n + vertex), grown on demand. */
class KeyHeap {
  private keys = new Float64Array(1024);
  size = 0;
  push(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(2 * this.keys.length);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }
  pop(): number {
    const keys = this.keys;
    const top = keys[0]!;
    const last = keys[--this.size]!;
    const size = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! < keys[child]!) child += 1;
      if (keys[child]! >= last) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = last;
    return top;
  }
}

/**
 * A minimum-degree elimination order of a symmetric pattern, on the explicit elimination graph:
 * repeatedly eliminate a vertex of least current degree (the smallest index among ties, so the
 * order is deterministic) and join its neighbours into a clique. Adjacency lists are typed
 * arrays, extended on each update through a marker array; candidates wait in a heap keyed by
 * (degree, index), i.e. degree buckets with the index as tie-break, stale entries skipped. The
 * neighbour set of a vertex when it is eliminated is exactly the off-diagonal pattern of its
 * column of L, so `columnCounts`, `nonzeros` and `flops` are those of the factor. Cost
 * Σ_v Σ_{u ∈ N(v)} (deg u + |N(v)|) list operations, at least the numeric factorisation's flops
 * (on a 100 × 200 torus: 0.5 s against 0.1 s for one numeric factorisation).
 *
 * @param pattern - symmetric pattern (checked: lengths, indices, symmetry)
 * @param options - maxNonzeros, maxFlops: give up beyond this fill or work
 * @returns the order, or {@link OrderingStopped} when the factor would exceed a cap
 * @example
 * const ordering = minimumDegreeOrdering(graph); // graph: { n, offsets, neighbors }
 * if (!('stopped' in ordering)) symbolicCholesky(graph, ordering.order);
 * @see George & Liu, "The evolution of the minimum degree ordering algorithm", SIAM Review 31 (1989).
 */
export function minimumDegreeOrdering(pattern: SparsePattern, options: MinimumDegreeOptions = {}): EliminationOrdering | OrderingStopped {
  const start = now();
  const { n, offsets, neighbors } = checkedPattern('minimumDegreeOrdering', pattern).pattern;
  const cap = options.maxNonzeros ?? Infinity;
  const flopCap = options.maxFlops ?? Infinity;
  const adjacency: Int32Array[] = new Array<Int32Array>(n);
  const length = new Int32Array(n);
  const heap = new KeyHeap();
  // Σ of the current list lengths (every edge of the elimination graph twice): each remaining edge becomes an entry of L
  let halfEdges = offsets[n]!;
  for (let v = 0; v < n; v++) {
    const d = offsets[v + 1]! - offsets[v]!;
    adjacency[v] = neighbors.slice(offsets[v], offsets[v + 1]);
    length[v] = d;
    heap.push(d * n + v);
  }
  const eliminated = new Uint8Array(n);
  const order = new Int32Array(n);
  const position = new Int32Array(n);
  const columnCounts = new Int32Array(n);
  // mark[w] = stamp: w is in the list being extended (a fresh stamp per list; Σ stamps = nnz(L) − n)
  const mark = new Float64Array(n);
  let stamp = 0;
  let fill = 0;
  let flops = 0;
  for (let p = 0; p < n; p++) {
    let v = -1;
    while (heap.size > 0) {
      const key = heap.pop();
      const d = Math.floor(key / n);
      const u = key - d * n;
      if (eliminated[u] === 0 && length[u] === d) {
        v = u;
        break;
      }
    }
    eliminated[v] = 1;
    order[p] = v;
    position[v] = p;
    const nv = adjacency[v]!;
    const dv = length[v]!;
    columnCounts[p] = dv;
    fill += dv;
    flops += dv * (dv + 1);
    halfEdges -= dv;
    // the neighbours of v become a clique: adj(u) ← (adj(u) ∪ N(v)) \ {u, v}, by marking adj(u)
    for (let a = 0; a < dv; a++) {
      const u = nv[a]!;
      let au = adjacency[u]!;
      const du = length[u]!;
      stamp++;
      let k = 0;
      for (let i = 0; i < du; i++) {
        const w = au[i]!;
        if (w === v) continue;
        au[k++] = w;
        mark[w] = stamp;
      }
      if (k + dv - 1 > au.length) {
        const grown = new Int32Array(Math.min(n, Math.max(2 * au.length, k + dv - 1)));
        grown.set(au.subarray(0, k));
        au = grown;
        adjacency[u] = grown;
      }
      for (let j = 0; j < dv; j++) {
        const w = nv[j]!;
        if (w !== u && mark[w] !== stamp) au[k++] = w;
      }
      halfEdges += k - du;
      length[u] = k;
      heap.push(k * n + u);
    }
    adjacency[v] = new Int32Array(0);
    length[v] = 0;
    if (fill + n + halfEdges / 2 > cap) return { stopped: 'nonzeros', eliminated: p + 1, seconds: now() - start };
    if (flops > flopCap) return { stopped: 'flops', eliminated: p + 1, seconds: now() - start };
  }
  return { order, position, columnCounts, nonzeros: fill + n, flops, seconds: now() - start };
}

/**
 * The structure of L for P A Pᵀ = L Lᵀ, P the given elimination order, from the elimination tree:
 * the pattern of column j is the pattern of A's column j below the diagonal joined with those of
 * its children in the tree (minus j), and its first row is j's parent. O(nnz(L)) besides sorting
 * each column. Also counts the nonzeros of every row of L, which bound the length of the inner
 * products in the numeric factorisation ({@link sparseCholeskyBackwardError}).
 *
 * @param pattern - symmetric pattern (checked)
 * @param order - order[p] = the vertex in position p (a permutation)
 * @example const symbolic = symbolicCholesky(pattern, Int32Array.from({ length: pattern.n }, (_, i) => i)); // the natural order
 * @see Liu, "The role of elimination trees in sparse factorization", SIMAX 11 (1990).
 */
export function symbolicCholesky(pattern: SparsePattern, order: ArrayLike<number>): SymbolicCholesky {
  const start = now();
  const { n, offsets, neighbors } = checkedPattern('symbolicCholesky', pattern).pattern;
  const position = checkOrder('symbolicCholesky', n, order);
  const orderCopy = Int32Array.from(order);
  const columnPointers = new Int32Array(n + 1);
  let rowIndices = new Int32Array(Math.max(16, offsets[n]!));
  const parent = new Int32Array(n).fill(-1);
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const mark = new Int32Array(n).fill(-1);
  let count = 0;
  const add = (p: number): void => {
    if (count === rowIndices.length) {
      const grown = new Int32Array(2 * rowIndices.length);
      grown.set(rowIndices);
      rowIndices = grown;
    }
    rowIndices[count++] = p;
  };
  for (let j = 0; j < n; j++) {
    const begin = count;
    mark[j] = j;
    const v = orderCopy[j]!;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const p = position[neighbors[k]!]!;
      if (p > j && mark[p] !== j) {
        mark[p] = j;
        add(p);
      }
    }
    for (let c = firstChild[j]!; c !== -1; c = nextSibling[c]!) {
      for (let q = columnPointers[c]!; q < columnPointers[c + 1]!; q++) {
        const p = rowIndices[q]!;
        if (p > j && mark[p] !== j) {
          mark[p] = j;
          add(p);
        }
      }
    }
    rowIndices.subarray(begin, count).sort();
    columnPointers[j + 1] = count;
    if (count > begin) {
      const up = rowIndices[begin]!;
      parent[j] = up;
      nextSibling[j] = firstChild[up]!;
      firstChild[up] = j;
    }
  }
  const rowCounts = new Int32Array(n).fill(1);
  for (let q = 0; q < count; q++) rowCounts[rowIndices[q]!]! += 1;
  let maxColumnCount = n === 0 ? 0 : 1;
  let maxRowCount = n === 0 ? 0 : 1;
  let flops = 0;
  for (let j = 0; j < n; j++) {
    const cj = columnPointers[j + 1]! - columnPointers[j]!;
    flops += cj * (cj + 1);
    maxColumnCount = Math.max(maxColumnCount, 1 + cj);
    maxRowCount = Math.max(maxRowCount, rowCounts[j]!);
  }
  return {
    n,
    order: orderCopy,
    position,
    columnPointers,
    rowIndices: rowIndices.slice(0, count),
    parent,
    rowCounts,
    nonzeros: count + n,
    flops,
    maxColumnCount,
    maxRowCount,
    seconds: now() - start,
  };
}

/** Reusable arrays of {@link sparseCholesky} for one symbolic structure (the factor's values included). */
export interface SparseCholeskyWorkspace {
  readonly symbolic: SymbolicCholesky;
  readonly diagonal: Float64Array;
  readonly values: Float64Array;
  readonly work: Float64Array;
  readonly next: Int32Array;
  readonly head: Int32Array;
  readonly first: Int32Array;
  readonly mark: Int32Array;
}

/** Allocates the arrays {@link sparseCholesky} needs for `symbolic` (about 8·nnz(L) + 28n bytes), to reuse across factorisations. */
export function sparseCholeskyWorkspace(symbolic: SymbolicCholesky): SparseCholeskyWorkspace {
  const { n } = symbolic;
  return {
    symbolic,
    diagonal: new Float64Array(n),
    values: new Float64Array(symbolic.rowIndices.length),
    work: new Float64Array(n),
    next: new Int32Array(n),
    head: new Int32Array(n),
    first: new Int32Array(n),
    mark: new Int32Array(n),
  };
}

/**
 * Numeric Cholesky factorisation P A Pᵀ = L Lᵀ in float64 on a symbolic structure, left-looking
 * by columns: column j gathers A's column j into a dense work vector, subtracts L_jk·L_{≥j,k} for
 * every earlier column k with L_jk ≠ 0 (found through linked lists of the columns waiting for
 * row j), takes the square root of the pivot and scales. Stops at the first pivot that is not
 * positive. Every entry of L Lᵀ is thus one inner product, accumulated term by term, of at most
 * as many terms as the row of L it belongs to has nonzeros.
 *
 * @param matrix - symmetric matrix (checked: lengths, finite values, symmetry); its pattern must be the symbolic's
 * @param symbolic - from {@link symbolicCholesky} on the matrix's pattern
 * @param workspace - arrays to reuse (default: allocated here); the result's `diagonal`, `values` are its arrays
 * @returns whether A is numerically positive definite, the factor, and its statistics
 * @example
 * const f = sparseCholesky(a, symbolic);
 * f.positiveDefinite; // then λ_min(A) ≥ −sparseCholeskyBackwardError(f.maxRowCount, a.n, f.maxDiagonal)
 * @see Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 10.3; George & Liu, Computer Solution of Large Sparse Positive Definite Systems (1981).
 */
export function sparseCholesky(matrix: SparseSymmetricMatrix, symbolic: SymbolicCholesky, workspace: SparseCholeskyWorkspace = sparseCholeskyWorkspace(symbolic)): SparseCholesky {
  const start = now();
  const { n, offsets, neighbors, diagonal: a, values: av } = matrix;
  if (n !== symbolic.n) throw new RangeError(`sparseCholesky: the matrix has n = ${n} but the symbolic structure n = ${symbolic.n}.`);
  if (workspace.symbolic !== symbolic) throw new RangeError('sparseCholesky: the workspace belongs to another symbolic structure.');
  if (a.length !== n) throw new RangeError(`sparseCholesky: diagonal has ${a.length} entries; n = ${n} needs ${n}.`);
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i]!)) throw new RangeError(`sparseCholesky: diagonal[${i}] is ${a[i]}; entries must be finite.`);
    maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i]!));
  }
  checkedPattern('sparseCholesky', matrix, av);
  const { order, position, columnPointers, rowIndices } = symbolic;
  const { diagonal: ld, values: lx, work: x, next, head, first, mark } = workspace;
  head.fill(-1);
  mark.fill(-1);
  x.fill(0);
  const result = (failedAt: number): SparseCholesky => ({
    positiveDefinite: failedAt === -1,
    failedAt,
    diagonal: ld,
    values: lx,
    maxDiagonal,
    nonzeros: symbolic.nonzeros,
    maxColumnCount: symbolic.maxColumnCount,
    maxRowCount: symbolic.maxRowCount,
    seconds: now() - start,
  });
  for (let j = 0; j < n; j++) {
    const begin = columnPointers[j]!;
    const end = columnPointers[j + 1]!;
    for (let q = begin; q < end; q++) mark[rowIndices[q]!] = j;
    const v = order[j]!;
    x[j] = a[v]!;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const p = position[neighbors[k]!]!;
      if (p < j) continue;
      if (mark[p] !== j) throw new RangeError(`sparseCholesky: entry (${v}, ${neighbors[k]}) is outside the symbolic structure; compute it from this matrix's pattern.`);
      x[p] = av[k]!;
    }
    // subtract L_{≥j,k}·L_jk for the columns k < j with L_jk ≠ 0
    let k = head[j]!;
    while (k !== -1) {
      const after = next[k]!;
      const at = first[k]!;
      const kEnd = columnPointers[k + 1]!;
      const ljk = lx[at]!;
      x[j] = x[j]! - ljk * ljk;
      for (let q = at + 1; q < kEnd; q++) {
        const i = rowIndices[q]!;
        x[i] = x[i]! - lx[q]! * ljk;
      }
      if (at + 1 < kEnd) {
        first[k] = at + 1;
        const r = rowIndices[at + 1]!;
        next[k] = head[r]!;
        head[r] = k;
      }
      k = after;
    }
    const pivot = x[j]!;
    x[j] = 0;
    if (!(pivot > 0)) {
      for (let q = begin; q < end; q++) x[rowIndices[q]!] = 0;
      return result(j);
    }
    const ljj = Math.sqrt(pivot);
    ld[j] = ljj;
    for (let q = begin; q < end; q++) {
      const i = rowIndices[q]!;
      lx[q] = x[i]! / ljj;
      x[i] = 0;
    }
    if (end > begin) {
      first[j] = begin;
      const r = rowIndices[begin]!;
      next[j] = head[r]!;
      head[r] = j;
    }
  }
  return result(-1);
}

/**
 * A bound on ‖ΔA‖₂ for a successful float64 sparse Cholesky factorisation L̂L̂ᵀ = A + ΔA of an
 * n × n matrix whose factor has at most r nonzeros in a row (`maxRowCount`, the diagonal
 * included) and whose largest diagonal entry is `maxDiagonal`: 2(r + 1)·n·u·maxDiagonal, u = 2⁻⁵³.
 *
 * Why (no underflow assumed, as in the model of floating point used): entry (i, j), j ≤ i, of
 * L̂L̂ᵀ is formed by one inner product Σ_k L̂_ik L̂_jk, accumulated in any order, over the k with
 * both entries in the structure: k lies in row j (and row i) of L, so there are at most
 * r_min = min(r_i, r_j) terms, r_i the nonzeros of row i. Higham's Lemma 8.4, as in his Thm 10.3
 * with n replaced by that length, gives |ΔA_ij| ≤ γ_{r_min + 1}(|L̂||L̂ᵀ|)_ij, γ_m = mu/(1 − mu)
 * (the square root of a pivot accounts for the + 1). It is the rows of L that count, not its
 * columns: a vertex eliminated last, adjacent to every other one (a star), has columns of two
 * entries but a pivot formed from n − 1 products. With g_i = γ_{r_i + 1},
 * γ_{r_min + 1} ≤ √(g_i g_j), so |ΔA| ≤ G|L̂||L̂ᵀ|G, G = diag(√g_i), and
 * ‖ΔA‖₂ ≤ ‖G|L̂|‖_F² = Σ_i g_i (L̂L̂ᵀ)_ii ≤ Σ_i g_i/(1 − g_i)·A_ii (the diagonal of the same
 * relation: (L̂L̂ᵀ)_ii ≤ A_ii + g_i (L̂L̂ᵀ)_ii). For (r + 1)u ≤ ¼, g/(1 − g) ≤ 2(r + 1)u, and
 * Σ_i A_ii ≤ n·maxDiagonal. For a dense factor r = n and this is {@link choleskyBackwardError}.
 * So when every pivot is positive, A + ΔA is positive definite and λ_min(A) > −this.
 *
 * @param maxRowCount - r, the most nonzeros of a row of L (`SymbolicCholesky.maxRowCount`)
 * @param n - order of the matrix
 * @param maxDiagonal - max_i |A_ii|
 * @see Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Lemma 8.4, Thm 10.3 and §10.1.
 */
export function sparseCholeskyBackwardError(maxRowCount: number, n: number, maxDiagonal: number): number {
  const u = 2 ** -53;
  if (!((maxRowCount + 1) * u <= 0.25)) throw new RangeError(`sparseCholeskyBackwardError: maxRowCount = ${maxRowCount} is out of range.`);
  return 2 * (maxRowCount + 1) * n * u * maxDiagonal;
}

/**
 * Solves A x = b with a successful factorisation P A Pᵀ = L Lᵀ: permute, forward substitution
 * with L, back substitution with Lᵀ, permute back. 4·nnz(L) flops; used for inverse iteration
 * (shift-and-invert Lanczos) on a matrix already factorised.
 *
 * @param factor - a {@link sparseCholesky} result with `positiveDefinite` (its arrays are read, so solve before the workspace is reused)
 * @param symbolic - the symbolic structure it was computed on
 * @param b - right-hand side, length n
 * @returns x (a new array)
 * @example const x = sparseCholeskySolve(f, symbolic, b); // A x = b up to rounding
 */
export function sparseCholeskySolve(factor: SparseCholesky, symbolic: SymbolicCholesky, b: ArrayLike<number>): Float64Array {
  const { n, order, columnPointers, rowIndices } = symbolic;
  if (!factor.positiveDefinite) throw new RangeError(`sparseCholeskySolve: the factorisation stopped at position ${factor.failedAt}; there is no factor to solve with.`);
  if (b.length !== n) throw new RangeError(`sparseCholeskySolve: b has ${b.length} entries; n = ${n}.`);
  if (factor.values.length !== rowIndices.length || factor.diagonal.length !== n) throw new RangeError('sparseCholeskySolve: the factor belongs to another symbolic structure.');
  const { diagonal: ld, values: lx } = factor;
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) y[j] = b[order[j]!]!;
  for (let j = 0; j < n; j++) {
    const yj = y[j]! / ld[j]!;
    y[j] = yj;
    for (let q = columnPointers[j]!; q < columnPointers[j + 1]!; q++) y[rowIndices[q]!] = y[rowIndices[q]!]! - lx[q]! * yj;
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = y[j]!;
    for (let q = columnPointers[j]!; q < columnPointers[j + 1]!; q++) s -= lx[q]! * y[rowIndices[q]!]!;
    y[j] = s / ld[j]!;
  }
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[order[j]!] = y[j]!;
  return x;
}
