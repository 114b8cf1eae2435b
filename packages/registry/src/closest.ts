/** Levenshtein edit distance (insert, delete, substitute; cost 1 each). */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates closest to `query`: case-insensitive edit distance at most
 * max(2, ⌊|query|/3⌋), or a prefix/substring match, best first, at most `limit`.
 */
export function closestMatches(query: string, candidates: readonly string[], limit = 3): string[] {
  const q = query.toLowerCase();
  const threshold = Math.max(2, Math.floor(q.length / 3));
  return candidates
    .map((candidate) => {
      const c = candidate.toLowerCase();
      const containment = c.includes(q) || q.includes(c) ? 0.5 : Number.POSITIVE_INFINITY;
      return { candidate, score: Math.min(editDistance(q, c), containment) };
    })
    .filter((entry) => entry.score <= threshold)
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
