/**
 * ISO 8601 durations (PnYnMnWnDTnHnMnS, fractions allowed, at least one
 * part), as Caliper and xAPI both use them.
 */
export const ISO_DURATION =
  /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
