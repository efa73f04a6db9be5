import {
  apportionDecimal,
  formatDecimal,
  roundDecimal,
  truncateDecimal,
  withoutDoubleNoise,
} from '../../shared/rounding.js';
import { roundValue } from '../../shared/reports/class-mastery.js';

describe('formatDecimal', () => {
  it('rounds 0.965 and 0.195 up to two decimals, though toFixed disagrees on them', () => {
    expect([(0.965).toFixed(2), (0.195).toFixed(2)]).toEqual(['0.96', '0.20']);

    expect([formatDecimal(0.965, 2), formatDecimal(0.195, 2)]).toEqual(['0.97', '0.20']);
  });

  it('rounds a half away from zero on either side of it', () => {
    const cases: [number, number][] = [
      [-0.965, 2],
      [-0.195, 2],
      [0.125, 2],
      [-0.125, 2],
      [2.5, 0],
      [-2.5, 0],
      [1.0005, 3],
    ];

    expect(cases.map(([v, decimals]) => formatDecimal(v, decimals))).toEqual([
      '-0.97',
      '-0.20',
      '0.13',
      '-0.13',
      '3',
      '-3',
      '1.001',
    ]);
  });

  it('keeps exactly the decimals asked for, and writes a rounded zero without a sign', () => {
    expect([
      formatDecimal(0.5, 3),
      formatDecimal(1, 2),
      formatDecimal(-0.0004, 3),
      formatDecimal(0.0005, 3),
      formatDecimal(12.34, 1),
      formatDecimal(99.95, 1),
    ]).toEqual(['0.500', '1.00', '0.000', '0.001', '12.3', '100.0']);
  });

  it('reads numbers String writes with an exponent', () => {
    expect([
      formatDecimal(5e-7, 6),
      formatDecimal(4e-7, 6),
      formatDecimal(1e-7, 2),
      formatDecimal(1.5e21, 0),
    ]).toEqual(['0.000001', '0.000000', '0.00', '1500000000000000000000']);
  });

  it('prints what is not a finite number as String does', () => {
    expect([NaN, Infinity].map((v) => formatDecimal(v, 2))).toEqual(['NaN', 'Infinity']);
  });
});

describe('roundDecimal', () => {
  it('gives the number formatDecimal writes', () => {
    expect([
      roundDecimal(0.965, 2),
      roundDecimal(0.6955, 3),
      roundDecimal(-0.195, 2),
    ]).toEqual([0.97, 0.696, -0.2]);
  });
});

describe('values the report API answers', () => {
  it('rounds mastery values to three decimals and minutes to one with the same rule', () => {
    expect([
      roundValue(0.965),
      roundValue(1.0005),
      roundValue(0.2345),
      roundValue(0.8885),
    ]).toEqual([0.965, 1.001, 0.235, 0.889]);
  });
});

describe('apportionDecimal', () => {
  it('gives parts that add up to their rounded sum, where rounding each misses it', () => {
    expect([10.25, 10.25].map((v) => roundDecimal(v, 1))).toEqual([10.3, 10.3]);

    expect(apportionDecimal([10.25, 10.25], 1)).toEqual([10.3, 10.2]);
    expect(apportionDecimal([0.35, 0.35, 0.3], 1)).toEqual([0.4, 0.3, 0.3]);
    expect(apportionDecimal([0.04, 0.04, 0.04], 1)).toEqual([0.1, 0, 0]);
  });

  it('adds the decimals, not the doubles, and leaves whole values whole', () => {
    expect(0.1 + 0.2).not.toBe(0.3);

    expect(apportionDecimal([0.1, 0.2], 1)).toEqual([0.1, 0.2]);
    expect(apportionDecimal([123.45, 0, 7], 1)).toEqual([123.5, 0, 7]);
    expect(apportionDecimal([1e-7, 2], 1)).toEqual([0, 2]);
    expect(apportionDecimal([5, 6], 0)).toEqual([5, 6]);
    expect(apportionDecimal([], 1)).toEqual([]);
  });

  it('gives the unit to the part that lost the most, not the first', () => {
    expect(apportionDecimal([1.02, 1.07, 1.06], 1)).toEqual([1, 1.1, 1.1]);
  });
});

describe('truncateDecimal', () => {
  it('cuts toward zero on the decimal, where rounding would reach the next step', () => {
    expect([
      truncateDecimal(0.869, 2),
      truncateDecimal(0.795, 2),
      truncateDecimal(0.8, 2),
      truncateDecimal(1, 2),
      truncateDecimal(-0.869, 2),
      truncateDecimal(-0.001, 2),
      truncateDecimal(1e-7, 2),
      truncateDecimal(123.456, 1),
      truncateDecimal(0.999, 0),
    ]).toEqual(['0.86', '0.79', '0.80', '1.00', '-0.86', '0.00', '0.00', '123.4', '0']);
  });
});

describe('withoutDoubleNoise', () => {
  it('gives back the decimal sum a double sum missed, and leaves real digits alone', () => {
    expect([
      withoutDoubleNoise(0.35 + 0.35 + 0.35),
      withoutDoubleNoise(0.1 + 0.2),
      withoutDoubleNoise(1 / 60),
      withoutDoubleNoise(123456.789),
    ]).toEqual([1.05, 0.3, 0.0166666666667, 123456.789]);
  });
});
