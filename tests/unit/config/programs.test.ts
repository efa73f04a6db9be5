/** A district's own programs come from its configuration (LABLINK_PROGRAMS). */
describe('Function: findProgram with configured programs', () => {
  afterEach(() => {
    delete process.env.LABLINK_PROGRAMS;
  });

  it("finds the district's program first and still knows the builtin ones", () => {
    process.env.LABLINK_PROGRAMS = JSON.stringify([
      {
        programId: 'riverbend-quiz',
        name: 'Riverbend quizzes',
        vendor: 'Riverbend USD',
        profileId: 'standard-scores',
      },
    ]);
    jest.isolateModules(() => {
      // A fresh module: the configured programs are read once per process.
      const { findProgram } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../../shared/programs') as typeof import('../../../shared/programs');
      expect(findProgram('riverbend-quiz')).toEqual({
        programId: 'riverbend-quiz',
        name: 'Riverbend quizzes',
        vendor: 'Riverbend USD',
        profileId: 'standard-scores',
      });
      expect(findProgram('assistments').profileId).toBe('assistments-skill-builder-2009');
      expect(() => findProgram('nope')).toThrow(/unknown program "nope".*riverbend-quiz/);
    });
  });
});
