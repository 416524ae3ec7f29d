/** Helpers shared by the counts that run in rounds (instant runoff, STV). */

/** Identical rankings grouped with their count. */
export function groupRankings(rankings: string[][]): { ranking: string[]; count: number }[] {
	const groups = new Map<string, { ranking: string[]; count: number }>();
	for (const ranking of rankings) {
		const key = ranking.join('\u0000');
		const group = groups.get(key);
		if (group) group.count += 1;
		else groups.set(key, { ranking, count: 1 });
	}
	return [...groups.values()];
}

/**
 * Narrows tied options by looking back: in the most recent earlier round where they differed,
 * only those with the `fewest` (or `most`) votes stay; repeated on older rounds until one is left
 * or the rounds run out. Returns the options still tied.
 */
export function breakTieBackwards(
	tied: string[],
	earlier: { totals: Record<string, number> }[],
	keep: 'fewest' | 'most'
): string[] {
	let candidates = tied;
	for (let i = earlier.length - 1; i >= 0 && candidates.length > 1; i--) {
		const { totals } = earlier[i];
		const values = candidates.map((id) => totals[id] ?? 0);
		const target = keep === 'fewest' ? Math.min(...values) : Math.max(...values);
		candidates = candidates.filter((id) => (totals[id] ?? 0) === target);
	}
	return candidates;
}
