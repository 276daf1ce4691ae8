import { describe, expect, it } from 'vitest';
import { envNumber, envNumbers } from './env.js';

const RUNS = { integer: true, min: 1 };

describe('envNumber (bench settings from the environment)', () => {
  it('is the default when the variable is unset, empty or blank (Number() would read 0)', () => {
    expect(envNumber('BENCH_RUNS', 7, RUNS, {})).toBe(7);
    for (const blank of ['', ' ', '\t', '\n ']) expect(envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: blank })).toBe(7);
  });

  it('is undefined for an unset or blank variable when the default is undefined', () => {
    expect(envNumber('BENCH_BATCH_MS', undefined, { min: 0 }, {})).toBeUndefined();
    expect(envNumber('BENCH_BATCH_MS', undefined, { min: 0 }, { BENCH_BATCH_MS: '' })).toBeUndefined();
    expect(envNumber('BENCH_BATCH_MS', undefined, { min: 0 }, { BENCH_BATCH_MS: '5' })).toBe(5);
  });

  it('reads a number within range, bounds included', () => {
    expect(envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: '3' })).toBe(3);
    expect(envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: ' 1 ' })).toBe(1);
    expect(envNumber('BENCH_YOUNG_GEN', 64, { integer: true, min: 0 }, { BENCH_YOUNG_GEN: '0' })).toBe(0);
    expect(envNumber('BENCH_SLICE_MS', undefined, { min: 0 }, { BENCH_SLICE_MS: '0.25' })).toBe(0.25);
    expect(envNumber('BENCH_RATE', 2000, { greaterThan: 0, max: 10_000 }, { BENCH_RATE: '1e4' })).toBe(10_000);
  });

  it('throws, naming the variable, for text that is no number', () => {
    for (const bad of ['abc', '1a', '1,000', 'Infinity', 'NaN']) {
      expect(() => envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: bad })).toThrow(`BENCH_RUNS must be an integer ≥ 1, got ${JSON.stringify(bad)}`);
    }
  });

  it('throws, naming the variable, for a number out of range or not whole', () => {
    expect(() => envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: '0' })).toThrow('BENCH_RUNS must be an integer ≥ 1, got "0"');
    expect(() => envNumber('BENCH_RUNS', 7, RUNS, { BENCH_RUNS: '2.5' })).toThrow('BENCH_RUNS');
    expect(() => envNumber('BENCH_RATE', 2000, { greaterThan: 0 }, { BENCH_RATE: '0' })).toThrow('BENCH_RATE must be a number > 0, got "0"');
    expect(() => envNumber('BENCH_RATE', 2000, { greaterThan: 0, max: 10_000 }, { BENCH_RATE: '10001' })).toThrow('BENCH_RATE must be a number > 0 and ≤ 10000, got "10001"');
    expect(() => envNumber('BENCH_BATCH_MS', undefined, { min: 0 }, { BENCH_BATCH_MS: '-1' })).toThrow('BENCH_BATCH_MS must be a number ≥ 0, got "-1"');
  });

  it('reads process.env when no environment is given', () => {
    expect(envNumber('MOAT_BENCH_ENV_TEST_SURELY_UNSET', 5)).toBe(5);
  });
});

describe('envNumbers (comma-separated bench settings)', () => {
  const THREADS = { integer: true, min: 0 };

  it('is the default when the variable is unset, empty or blank', () => {
    expect(envNumbers('BENCH_SIM_THREADS', [0, 1, 2], THREADS, {})).toEqual([0, 1, 2]);
    expect(envNumbers('BENCH_SIM_THREADS', [0, 1, 2], THREADS, { BENCH_SIM_THREADS: ' ' })).toEqual([0, 1, 2]);
  });

  it('reads every item', () => {
    expect(envNumbers('BENCH_SIM_THREADS', [0, 1, 2], THREADS, { BENCH_SIM_THREADS: '2' })).toEqual([2]);
    expect(envNumbers('BENCH_SIM_THREADS', [0, 1, 2], THREADS, { BENCH_SIM_THREADS: '0, 2' })).toEqual([0, 2]);
  });

  it('throws, naming the variable and its value, for an empty, bad or out-of-range item', () => {
    expect(() => envNumbers('BENCH_SIM_THREADS', [0], THREADS, { BENCH_SIM_THREADS: '0,,2' })).toThrow('BENCH_SIM_THREADS must be an integer ≥ 0 in each item of "0,,2", got ""');
    expect(() => envNumbers('BENCH_SIM_THREADS', [0], THREADS, { BENCH_SIM_THREADS: '0,x' })).toThrow('got "x"');
    expect(() => envNumbers('READERS', [1], { integer: true, min: 1 }, { READERS: '1,0' })).toThrow('READERS must be an integer ≥ 1 in each item of "1,0", got "0"');
  });
});
