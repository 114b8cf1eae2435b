import { describe, expect, it } from 'vitest';
import { graphToJson, parseJsonGraph } from './read-json-graph.js';

describe('parseJsonGraph', () => {
  it('reads array and object edges, 0- or 1-based, and round-trips through graphToJson', () => {
    const g = parseJsonGraph('{"n":4,"edges":[[0,1],[1,2,2.5],{"from":2,"to":3,"weight":-1},{"source":3,"target":0}]}', { name: 'g.json' });
    expect([g.n, g.m, g.totalWeight]).toEqual([4, 4, 3.5]);
    const again = parseJsonGraph(JSON.stringify(graphToJson(g)), { name: 'again.json' });
    expect(Array.from(again.weight)).toEqual(Array.from(g.weight));
    expect(parseJsonGraph('{"n":2,"base":1,"edges":[[1,2]]}', { name: 'b.json' }).m).toBe(1);
  });

  it('names the JSON line of a syntax error and the edge of every bad value', () => {
    expect(() => parseJsonGraph('{\n"n": 2,\n"edges": [[0, 1],]\n}', { name: 'g.json' })).toThrow(/g\.json:3: invalid JSON/);
    expect(() => parseJsonGraph('[1, 2]', { name: 'g.json' })).toThrow(/expected an object/);
    expect(() => parseJsonGraph('{"n":0,"base":2,"edges":{}}', { name: 'g.json' })).toThrow(/g\.json: n: must be an integer[\s\S]*g\.json: base: must be 0 or 1[\s\S]*g\.json: edges: must be an array/);
    expect(() => parseJsonGraph('{"n":2,"edges":[[0],[0,5],[0,1,"2"],3]}', { name: 'g.json' })).toThrow(
      /edges\[0\]: an edge array must be[\s\S]*edges\[1\]: vertex must be an integer in 0…1[\s\S]*edges\[2\]: weight must be a finite number[\s\S]*edges\[3\]: an edge must be an array or an object/,
    );
  });
});
