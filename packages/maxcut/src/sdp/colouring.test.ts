import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph, toroidalGrid } from '../graph/generate.js';
import { buildGraph, type Graph } from '../graph/graph.js';
import { classSplits, greedyColourOrder } from './colouring.js';

/** The colour of every vertex, read back from the order and its class starts. */
function coloursOf(graph: Graph): Int32Array {
  const { order, classStart, colours } = greedyColourOrder(graph);
  const colour = new Int32Array(graph.n).fill(-1);
  for (let c = 0; c < colours; c++) for (let q = classStart[c]!; q < classStart[c + 1]!; q++) colour[order[q]!] = c;
  return colour;
}

describe('greedyColourOrder', () => {
  const graphs = [
    randomGraph({ n: 500, m: 2500, key: keyFromSeed(1) }),
    randomGraph({ n: 300, m: 200, key: keyFromSeed(2) }),
    toroidalGrid({ rows: 6, cols: 8, key: keyFromSeed(3) }),
    buildGraph(1, [], { name: 'one vertex' }),
  ];

  it('orders every vertex once, ascending inside each class, with no edge inside a class', () => {
    for (const g of graphs) {
      const { order, classStart, colours } = greedyColourOrder(g);
      expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: g.n }, (_, i) => i));
      expect(classStart[0]).toBe(0);
      expect(classStart[colours]).toBe(g.n);
      for (let c = 0; c < colours; c++) {
        expect(classStart[c + 1]!, 'no empty class').toBeGreaterThan(classStart[c]!);
        for (let q = classStart[c]! + 1; q < classStart[c + 1]!; q++) expect(order[q]!).toBeGreaterThan(order[q - 1]!);
      }
      const colour = coloursOf(g);
      for (let e = 0; e < g.m; e++) expect(colour[g.from[e]!]).not.toBe(colour[g.to[e]!]);
    }
  });

  it('gives each vertex the smallest colour its earlier neighbours leave free (checked one vertex at a time)', () => {
    for (const g of graphs) {
      const colour = coloursOf(g);
      for (let i = 0; i < g.n; i++) {
        const taken = new Set<number>();
        for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) if (g.neighbors[k]! < i) taken.add(colour[g.neighbors[k]!]!);
        let smallest = 0;
        while (taken.has(smallest)) smallest++;
        expect(colour[i]).toBe(smallest);
      }
    }
    // an even torus is bipartite and vertex order finds it
    expect(greedyColourOrder(graphs[2]!).colours).toBe(2);
  });
});

describe('classSplits', () => {
  it('cuts every class into consecutive, covering parts of about equal work', () => {
    const g = randomGraph({ n: 2000, m: 6000, key: keyFromSeed(4) });
    const colourOrder = greedyColourOrder(g);
    const { order, classStart, colours } = colourOrder;
    const work = (q: number) => g.offsets[order[q]! + 1]! - g.offsets[order[q]!]! + 1;
    const maxWork = Math.max(...Array.from({ length: g.n }, (_, q) => work(q)));
    for (const parts of [1, 2, 3]) {
      const splits = classSplits(g, colourOrder, parts);
      for (let c = 0; c < colours; c++) {
        const base = c * (parts + 1);
        expect(splits[base]).toBe(classStart[c]);
        expect(splits[base + parts]).toBe(classStart[c + 1]);
        let total = 0;
        for (let q = classStart[c]!; q < classStart[c + 1]!; q++) total += work(q);
        for (let p = 0; p < parts; p++) {
          expect(splits[base + p + 1]!).toBeGreaterThanOrEqual(splits[base + p]!);
          let share = 0;
          for (let q = splits[base + p]!; q < splits[base + p + 1]!; q++) share += work(q);
          // each part within one vertex's work of its equal share
          expect(Math.abs(share - total / parts)).toBeLessThanOrEqual(maxWork);
        }
      }
    }
  });
});
