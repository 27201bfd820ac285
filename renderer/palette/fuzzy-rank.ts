/**
 * Fuzzy filtering and ranking for the command palette: what the person typed is matched as a
 * subsequence of each entry's title (and, for less, of its keywords), scored the way fzf scores it:
 * characters at the start of a word (after a space, `_`, `-`, `.`, `/`, `:` or a lower-to-upper case
 * change) and runs of consecutive characters count most, gaps cost. Pure, so it is unit-tested.
 */

export interface FuzzyMatch {
  score: number;
  /** Indices in the text of the matched characters, for highlighting. */
  positions: number[];
}

const MATCH = 16;
const BOUNDARY = 10;
const FIRST_CHAR = 12;
const CONSECUTIVE = 8;
const GAP_START = 3;
const GAP_EXTEND = 1;

function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

/** The bonus of matching the character at `index`: the start of the text or of a word. */
function boundaryBonus(text: string, index: number): number {
  if (index === 0) return FIRST_CHAR;
  const previous = text[index - 1]!;
  const current = text[index]!;
  if (!isWordChar(previous) && isWordChar(current)) return BOUNDARY;
  if (previous === previous.toLowerCase() && previous !== previous.toUpperCase() && current !== current.toLowerCase()) return BOUNDARY;
  if (/\p{N}/u.test(current) && !/\p{N}/u.test(previous)) return BOUNDARY / 2;
  return 0;
}

/**
 * The best alignment of `query` as a subsequence of `text`, case-insensitive, or null when the
 * characters do not all appear in order. An empty query matches everything with a score of 0.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const needle = query.toLowerCase();
  const hay = text.toLowerCase();
  const n = needle.length;
  const m = hay.length;
  if (n === 0) return { score: 0, positions: [] };
  if (n > m) return null;

  // score[i][j]: the best score with needle[i] matched at hay[j]; from[i][j]: where needle[i-1] was.
  const NONE = Number.NEGATIVE_INFINITY;
  const score: Float64Array[] = [];
  const from: Int32Array[] = [];
  const bonus = Array.from({ length: m }, (_, j) => boundaryBonus(text, j));
  for (let i = 0; i < n; i += 1) {
    const row = new Float64Array(m).fill(NONE);
    const back = new Int32Array(m).fill(-1);
    const previous = score[i - 1];
    // Best "previous row ended at k, then a gap up to j": carried along j with the gap's cost.
    let bestGap = NONE;
    let bestGapAt = -1;
    for (let j = i; j < m; j += 1) {
      if (previous && j >= 2) {
        const candidate = previous[j - 2]! - GAP_START;
        const extended = bestGap - GAP_EXTEND;
        if (candidate >= extended) {
          bestGap = candidate;
          bestGapAt = j - 2;
        } else {
          bestGap = extended;
        }
      }
      if (hay[j] !== needle[i]) continue;
      if (!previous) {
        // A match that starts late costs a little, so that "cust" prefers the start of a name.
        row[j] = MATCH + bonus[j]! - Math.min(j, 8) * 0.5;
        continue;
      }
      const adjacent = j >= 1 ? previous[j - 1]! + CONSECUTIVE + Math.max(bonus[j]!, 0) : NONE;
      const gapped = bestGap + bonus[j]!;
      if (adjacent === NONE && gapped === NONE) continue;
      if (adjacent >= gapped) {
        row[j] = MATCH + adjacent;
        back[j] = j - 1;
      } else {
        row[j] = MATCH + gapped;
        back[j] = bestGapAt;
      }
    }
    score.push(row);
    from.push(back);
  }

  const last = score[n - 1]!;
  let end = -1;
  for (let j = 0; j < m; j += 1) if (last[j]! !== NONE && (end < 0 || last[j]! > last[end]!)) end = j;
  if (end < 0) return null;
  const positions: number[] = [];
  for (let i = n - 1, j = end; i >= 0; i -= 1) {
    positions.unshift(j);
    j = from[i]![j]!;
  }
  return { score: last[end]!, positions };
}

export interface Rankable {
  title: string;
  /** Other words the entry answers to (its kind, its file, synonyms); they count for less than the title. */
  keywords?: string;
}

export interface Ranked<T> {
  item: T;
  score: number;
  /** Matched characters of the title. */
  positions: number[];
}

/**
 * The entries that match every word of `query` (each in the title or the keywords), best first;
 * an empty query keeps them all in their own order. Ties keep the given order, so callers list
 * what matters more (actions, screens) before the many nodes.
 */
export function rankByQuery<T extends Rankable>(items: readonly T[], query: string): Ranked<T>[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.map((item) => ({ item, score: 0, positions: [] }));
  const whole = query.trim().toLowerCase();
  const ranked: (Ranked<T> & { order: number })[] = [];
  items.forEach((item, order) => {
    const title = item.title.toLowerCase();
    let score = 0;
    const positions = new Set<number>();
    for (const word of words) {
      const inTitle = fuzzyMatch(word, item.title);
      const inKeywords = item.keywords ? fuzzyMatch(word, item.keywords) : null;
      if (!inTitle && !inKeywords) return;
      if (inTitle && (!inKeywords || inTitle.score >= inKeywords.score / 2)) {
        score += inTitle.score;
        for (const position of inTitle.positions) positions.add(position);
      } else {
        score += inKeywords!.score / 2;
      }
    }
    if (title === whole) score += 200;
    else if (title.startsWith(whole)) score += 100;
    else if (title.includes(whole)) score += 40;
    // Among equals, the shorter title is the closer one.
    score -= item.title.length * 0.1;
    ranked.push({ item, score, positions: [...positions].sort((a, b) => a - b), order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.map(({ item, score, positions }) => ({ item, score, positions }));
}

/** The title cut into runs of matched and unmatched characters, for drawing the matches in bold. */
export function highlightRuns(title: string, positions: readonly number[]): { text: string; match: boolean }[] {
  const matched = new Set(positions);
  const runs: { text: string; match: boolean }[] = [];
  for (let i = 0; i < title.length; i += 1) {
    const match = matched.has(i);
    const last = runs[runs.length - 1];
    if (last && last.match === match) last.text += title[i];
    else runs.push({ text: title[i]!, match });
  }
  return runs;
}
