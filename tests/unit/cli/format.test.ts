import { gridTableCell, toTable, valueOrBlank } from '../../../cli/format.js';

describe('the class grid table of lablink report class-mastery', () => {
  it('rounds 0.965 to 0.97 and 0.195 to 0.20, half away from zero on the decimal', () => {
    expect([
      gridTableCell({ value: 0.965, level: 'mastered' }),
      gridTableCell({ value: 0.195, level: 'developing' }),
    ]).toEqual(['0.97 M', '0.20 D']);
  });

  it('marks a cell without a value, and no cell at all', () => {
    expect([gridTableCell({ level: 'not_started' }), gridTableCell(undefined)]).toEqual([
      '  -  -',
      '-',
    ]);
  });
});

describe('values in lists and CSV', () => {
  it('keeps three decimals with the same rule, and blank for no value', () => {
    expect([valueOrBlank(0.965), valueOrBlank(1.0005), valueOrBlank(undefined)]).toEqual([
      '0.965',
      '1.001',
      '',
    ]);
  });

  it('aligns a table whose cells were rounded', () => {
    expect(
      toTable(
        ['student', '6.SP.B.4'],
        [['1', gridTableCell({ value: 0.965, level: 'mastered' })]],
      ),
    ).toBe(['student  6.SP.B.4', '-------  --------', '1        0.97 M'].join('\n'));
  });
});
