/**
 * Which profile a file is, from its header alone: every known profile (the
 * builtin ones and the district's) is scored on how many of the columns it
 * needs the header has. A file dropped without a program is read by the best
 * full match; anything else is refused with the closest profiles and the
 * columns that differ, so the person who dropped it can tell a renamed column
 * from a wrong vendor.
 */
import { parse } from 'csv-parse/sync';
import { InvalidInputError, UnknownLayoutError } from '../errors.js';
import { listProfiles, loadProfile } from './builtin.js';
import { utf8Chunks } from './decode.js';
import { normalizeHeader } from './headers.js';
import { ColumnSpec, type Profile } from './schema.js';
import { subScoreColumns } from './sub-scores.js';

export interface ProfileCandidate {
  profileId: string;
  vendor: string;
  /** Share of the columns the profile needs that the header has, in [0,1]. */
  score: number;
  /** True when the header has every column the profile needs. */
  matches: boolean;
  /** Columns the profile needs and the header lacks, as the profile spells them. */
  missing: string[];
  /** Share of the header's columns the profile reads: breaks ties between matches. */
  coverage: number;
}

/** Candidates named in an error; more is noise to the reader. */
export const MAX_CANDIDATES_LISTED = 3;
/** A header line longer than this is not a header. */
const MAX_HEADER_BYTES = 1024 * 1024;
const DELIMITERS = ['\t', ',', ';', '|'] as const;
const NEWLINE = 0x0a;

interface NeededColumn {
  names: string[];
  optional: boolean;
}

function neededColumns(profile: Profile): NeededColumn[] {
  const needed: NeededColumn[] = Object.values(profile.columns).flatMap((spec) =>
    spec ? [{ names: [spec.header, ...spec.aliases], optional: spec.optional }] : [],
  );
  for (const name of profile.keepColumns) needed.push({ names: [name], optional: false });
  for (const { spec } of subScoreColumns(profile.subScores)) {
    const { header, aliases, optional } = ColumnSpec.parse(spec);
    needed.push({ names: [header, ...aliases], optional });
  }
  return needed;
}

/** How well `profile` fits a header, as a candidate. */
export function scoreProfile(
  headerFields: readonly string[],
  profile: Profile,
): ProfileCandidate {
  const header = new Set(headerFields.map(normalizeHeader).filter((h) => h !== ''));
  const needed = neededColumns(profile);
  const has = (c: NeededColumn) => c.names.some((n) => header.has(normalizeHeader(n)));
  const required = needed.filter((c) => !c.optional);
  const missing = required.filter((c) => !has(c)).map((c) => c.names[0]!);
  const read = needed.filter(has).length;
  const score = required.length === 0 ? 1 : 1 - missing.length / required.length;
  return {
    profileId: profile.id,
    vendor: profile.vendor,
    score: round(score),
    matches: missing.length === 0,
    missing,
    coverage: round(header.size === 0 ? 0 : Math.min(1, read / header.size)),
  };
}

/**
 * Every known profile ranked against a header: full matches first, then by
 * score, then by the share of the header each one reads.
 */
export function detectProfile(
  headerFields: readonly string[],
  profiles: readonly Profile[] = knownProfiles(),
): ProfileCandidate[] {
  return profiles
    .map((p) => scoreProfile(headerFields, p))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.coverage - a.coverage ||
        a.profileId.localeCompare(b.profileId),
    );
}

/** `kddcup2010-student-step (0.8; missing "Row", "Problem View")`, the closest few. */
export function describeCandidates(candidates: readonly ProfileCandidate[]): string {
  return candidates
    .slice(0, MAX_CANDIDATES_LISTED)
    .map((c) => {
      const missing = c.missing.map((m) => `"${m}"`).join(', ');
      return `${c.profileId} (${c.score}; ${c.matches ? 'all columns present' : `missing ${missing}`})`;
    })
    .join('; ');
}

/**
 * The one profile a header matches, or UnknownLayoutError naming the closest
 * profiles and what they miss. Two equally good matches are refused too
 * (InvalidInputError): a guess between vendors would put evidence under the
 * wrong program, and no later profile would settle it.
 */
export function pickProfile(
  headerFields: readonly string[],
  fileName: string,
  profiles?: readonly Profile[],
): ProfileCandidate {
  const ranked = detectProfile(headerFields, profiles);
  const [best, second] = ranked;
  if (best?.matches && !(second?.matches && second.coverage === best.coverage)) {
    return best;
  }
  const details = { file: fileName, candidates: ranked.slice(0, MAX_CANDIDATES_LISTED) };
  if (best?.matches) {
    throw new InvalidInputError(
      `${fileName}: the header matches several profiles equally well: ` +
        `${describeCandidates(ranked.filter((c) => c.matches))}; drop the file under ` +
        'incoming/<programId>/ to say which program it is',
      details,
    );
  }
  // Candidates that read none of the header say nothing about it: listing the
  // first few alphabetically would send the reader after unrelated vendors.
  const related = ranked.filter((c) => c.score > 0 || c.coverage > 0);
  throw new UnknownLayoutError(
    related.length > 0
      ? `${fileName}: the header matches no known profile; closest: ${describeCandidates(related)}. ` +
          'Rename the columns in the export, or add a profile for this layout'
      : // The first line is not echoed: in a file without a header row it is a student's data.
        `${fileName}: the first line shares no column name with any known profile ` +
          '(a file without a header row looks like this too). Export with the header, ' +
          'or add a profile for this layout (docs/profiles.md)',
    { ...details, candidates: related.slice(0, MAX_CANDIDATES_LISTED) },
  );
}

/**
 * The header fields of a file: the first line (after a `sep=` line), in any
 * supported encoding, split on the delimiter it uses most. Reads only the
 * first chunks and releases the source.
 */
export async function readHeaderFields(
  input: AsyncIterable<Buffer | string>,
  fileName: string,
): Promise<string[]> {
  const chunks = utf8Chunks(input, 'utf-8');
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      parts.push(next.value);
      size += next.value.length;
      const text = Buffer.concat(parts);
      if (lineCount(text) >= 2 || size >= MAX_HEADER_BYTES) break;
    }
  } finally {
    await chunks.return(undefined);
  }
  const lines = Buffer.concat(parts).toString('utf8').split('\n', 2);
  let line = (lines[0] ?? '').replace(/\r$/, '');
  let delimiter: string | undefined;
  const sep = /^"?sep=(.)"?\s*$/i.exec(line);
  if (sep) {
    delimiter = sep[1];
    line = (lines[1] ?? '').replace(/\r$/, '');
  }
  if (line.trim() === '') {
    throw new InvalidInputError(`${fileName}: the file has no header line`, {
      file: fileName,
    });
  }
  delimiter ??= likelyDelimiter(line);
  const rows = parse(line, { delimiter, relax_quotes: true, relax_column_count: true });
  return (rows[0] as string[] | undefined) ?? [];
}

function likelyDelimiter(line: string): string {
  let best: string = DELIMITERS[1];
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = line.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

function lineCount(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1))
    if (++count >= 2) break;
  return count;
}

function knownProfiles(): Profile[] {
  return listProfiles().map((p) => loadProfile(p.id));
}

const round = (n: number) => Math.round(n * 1000) / 1000;
