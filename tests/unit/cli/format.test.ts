import { gridTableCell, toTable, valueOrBlank } from '../../../cli/format.js';

describe('the class grid table of lablink report class-mastery', () => {
  it('cuts the reported value to two decimals, so a cell never shows a cut it has not reached', () => {
    expect([
      gridTableCell({ value: 0.965, level: 'mastered' }),
      gridTableCell({ value: 0.795, level: 'approaching' }),
      gridTableCell({ value: 0.7996, level: 'mastered' }),
      gridTableCell({ value: 0.195, level: 'developing' }),
      gridTableCell({ value: 1, level: 'mastered' }),
    ]).toEqual(['0.96 M', '0.79 A', '0.80 M', '0.19 D', '1.00 M']);
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
    ).toBe(['student  6.SP.B.4', '-------  --------', '1        0.96 M'].join('\n'));
  });
});
