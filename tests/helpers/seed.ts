/**
 * The seed of a test's random input: `TEST_SEED` when set (to replay a failure), else a new one.
 * It is printed, so a failing run names the seed that reproduces it.
 */
export function testSeed(label: string): number {
	const given = process.env.TEST_SEED;
	const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
	if (!Number.isInteger(seed)) throw new Error(`TEST_SEED must be an integer, not ${given}`);
	console.log(`${label}: seed ${seed} (replay with TEST_SEED=${seed})`);
	return seed;
}
