/* global setTimeout, clearTimeout, performance */
// A small stand-in for the parts of 'vitest' that the test suites use, for running bundled
// suites where there is no node_modules (the GPU machine). The device bundles alias 'vitest'
// to this module. Assertions are vitest's own (@vitest/expect on chai), so a matcher behaves
// exactly as under vitest; only collection and running are ours: describe/it/test with
// .skip/.only/.todo/.skipIf/.runIf/.each/.concurrent, before/after hooks, per-test timeouts,
// and the test context's skip(reason).
import * as chai from 'chai';
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  customMatchers,
  getState,
  setState,
} from '@vitest/expect';
import { fn, spyOn, restoreAllMocks, resetAllMocks, clearAllMocks, isMockFunction } from '@vitest/spy';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

/** vitest's global expect, built as vitest builds it (without snapshots and poll). */
export const expect = (value, message) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
setState({ assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null, currentTestName: '' }, expect);
expect.assert = chai.assert;
expect.extend = (matchers) => chai.expect.extend(expect, matchers);
expect.soft = (...args) => expect(...args);
expect.unreachable = (message) => chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
expect.extend(customMatchers);
Object.defineProperty(globalThis, GLOBAL_EXPECT, { value: expect, writable: true, configurable: true });

export const assert = chai.assert;
export const vi = { fn, spyOn, restoreAllMocks, resetAllMocks, clearAllMocks, isMockFunction };
/** Type-level assertions do nothing at run time. */
export function expectTypeOf() {
  const anything = new Proxy(() => anything, { get: () => anything, apply: () => anything });
  return anything;
}
export const assertType = () => undefined;

const DEFAULT_TIMEOUT = Number(process.env.DERAND_TEST_TIMEOUT_MS ?? 120_000);

class SkipSignal extends Error {
  constructor(reason) {
    super(reason ?? 'skipped');
    this.name = 'SkipSignal';
  }
}

function newSuite(name, parent, mode = 'run') {
  return { name, parent, mode, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

const root = newSuite('', undefined);
let current = root;
let hasOnly = false;

function timeoutOf(options) {
  if (typeof options === 'number') return options;
  if (options && typeof options === 'object' && typeof options.timeout === 'number') return options.timeout;
  return DEFAULT_TIMEOUT;
}

function format(name, args) {
  let i = 0;
  const text = String(name).replace(/%[sdifjo%]/g, (token) => {
    if (token === '%%') return '%';
    const v = args[i++];
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  return text.replace(/\$([A-Za-z_][A-Za-z0-9_.]*)/g, (whole, path) => {
    const object = args[0];
    if (object === null || typeof object !== 'object') return whole;
    const value = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);
    return value === undefined ? whole : String(value);
  });
}

function spreadFor(row) {
  return Array.isArray(row) ? row : [row];
}

function makeDescribe(mode) {
  const describe = (name, optionsOrFn, maybeFn) => {
    const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    const suite = newSuite(String(name), current, mode === 'run' && current.mode !== 'run' ? current.mode : mode);
    if (mode === 'only') hasOnly = true;
    current.children.push({ kind: 'suite', suite });
    const parent = current;
    current = suite;
    try {
      body?.();
    } finally {
      current = parent;
    }
  };
  return describe;
}

function makeTest(mode) {
  return (name, optionsOrFn, maybeFn) => {
    const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    const options = typeof optionsOrFn === 'function' ? maybeFn : optionsOrFn;
    if (mode === 'only') hasOnly = true;
    current.children.push({ kind: 'test', name: String(name), fn: body, mode: body === undefined ? 'todo' : mode, timeout: timeoutOf(options) });
  };
}

function withModifiers(make) {
  const base = make('run');
  base.skip = make('skip');
  base.only = make('only');
  base.todo = (name) => make('todo')(name);
  base.concurrent = make('run');
  base.sequential = make('run');
  base.fails = make('run');
  base.skipIf = (condition) => make(condition ? 'skip' : 'run');
  base.runIf = (condition) => make(condition ? 'run' : 'skip');
  base.each = (rows, ...rest) => {
    // tagged template form: describe.each`a | b ...` is not supported
    if (!Array.isArray(rows) || rest.length > 0) throw new Error('mini-vitest: only the array form of .each is supported');
    return (name, optionsOrFn, maybeFn) => {
      const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
      const options = typeof optionsOrFn === 'function' ? maybeFn : optionsOrFn;
      rows.forEach((row) => {
        const args = spreadFor(row);
        base(format(name, args), options, (...context) => body(...args, ...context));
      });
    };
  };
  base.for = (rows) => (name, optionsOrFn, maybeFn) => {
    const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    rows.forEach((row) => base(format(name, spreadFor(row)), (context) => body(row, context)));
  };
  return base;
}

export const describe = withModifiers(makeDescribe);
export const suite = describe;
export const it = withModifiers(makeTest);
export const test = it;

export function beforeAll(hook) {
  current.beforeAll.push(hook);
}
export function afterAll(hook) {
  current.afterAll.push(hook);
}
export function beforeEach(hook) {
  current.beforeEach.push(hook);
}
export function afterEach(hook) {
  current.afterEach.push(hook);
}
export function onTestFinished() {}
export function onTestFailed() {}

function withTimeout(promiseFactory, ms, what) {
  let timer;
  return Promise.race([
    Promise.resolve().then(promiseFactory),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function chain(suite) {
  const list = [];
  for (let s = suite; s !== undefined; s = s.parent) list.unshift(s);
  return list;
}

function fullName(suite, name) {
  return [...chain(suite).map((s) => s.name).filter((n) => n !== ''), name].join(' > ');
}

function containsOnly(node) {
  if (node.kind === 'test') return node.mode === 'only';
  if (node.suite.mode === 'only') return true;
  return node.suite.children.some(containsOnly);
}

async function runSuite(suite, results, skipAll, onlyScope) {
  const skipped = skipAll || suite.mode === 'skip' || suite.mode === 'todo';
  const inOnly = onlyScope || suite.mode === 'only';
  const runnable = suite.children.some((c) => (c.kind === 'test' ? c.mode !== 'skip' && c.mode !== 'todo' : true));
  let setupError;
  if (!skipped && runnable) {
    for (const hook of suite.beforeAll) {
      try {
        await withTimeout(() => hook({}), DEFAULT_TIMEOUT, 'beforeAll');
      } catch (error) {
        setupError = error;
        break;
      }
    }
  }
  for (const child of suite.children) {
    if (child.kind === 'suite') {
      if (hasOnly && !inOnly && !containsOnly(child)) continue;
      await runSuite(child.suite, results, skipped, inOnly);
      continue;
    }
    if (hasOnly && !inOnly && child.mode !== 'only') continue;
    const name = fullName(suite, child.name);
    if (skipped || child.mode === 'skip' || child.mode === 'todo') {
      results.push({ name, state: 'skip', reason: child.mode === 'todo' ? 'todo' : 'skipped', ms: 0 });
      continue;
    }
    if (setupError !== undefined) {
      results.push({ name, state: 'fail', error: `beforeAll failed: ${describeError(setupError)}`, ms: 0 });
      continue;
    }
    const started = performance.now();
    const context = {
      task: { name: child.name },
      expect,
      skip: (reason) => {
        throw new SkipSignal(typeof reason === 'string' ? reason : undefined);
      },
      onTestFinished: () => undefined,
      onTestFailed: () => undefined,
    };
    setState({ assertionCalls: 0, currentTestName: name }, expect);
    let outcome;
    try {
      for (const s of chain(suite)) for (const hook of s.beforeEach) await hook(context);
      await withTimeout(() => child.fn(context), child.timeout, `test "${name}"`);
      outcome = { name, state: 'pass' };
    } catch (error) {
      outcome = error instanceof SkipSignal ? { name, state: 'skip', reason: error.message } : { name, state: 'fail', error: describeError(error), stack: error instanceof Error ? error.stack : undefined };
    }
    try {
      for (const s of chain(suite).reverse()) for (const hook of s.afterEach) await hook(context);
    } catch (error) {
      if (outcome.state !== 'fail') outcome = { name, state: 'fail', error: `afterEach failed: ${describeError(error)}` };
    }
    outcome.ms = performance.now() - started;
    results.push(outcome);
    const mark = outcome.state === 'pass' ? '✓' : outcome.state === 'skip' ? '↓' : '✗';
    process.stderr.write(`  ${mark} ${name} (${outcome.ms.toFixed(0)} ms)${outcome.state === 'fail' ? `\n      ${outcome.error}` : outcome.state === 'skip' ? ` [${outcome.reason}]` : ''}\n`);
  }
  if (!skipped && runnable) {
    for (const hook of suite.afterAll) {
      try {
        await withTimeout(() => hook({}), DEFAULT_TIMEOUT, 'afterAll');
      } catch (error) {
        results.push({ name: fullName(suite, '(afterAll)'), state: 'fail', error: describeError(error), ms: 0 });
      }
    }
  }
}

/** Runs everything collected so far; returns one record per test. */
export async function runCollected() {
  const results = [];
  await runSuite(root, results, false, false);
  return results;
}
