/**
 * What the operator's account scripts (`yarn users:add`, `yarn users:invite`) share: failing with
 * the script's name and an exit code, and the server's own database from the server's settings.
 */
import type { Stores } from '../src/lib/server/storage/store.ts';
import { ConfigError, loadConfig, type Config } from '../src/lib/server/config.ts';
import { openStores } from '../server/compose.ts';

export type Fail = (message: string, code?: number) => never;

export function failAs(script: string): Fail {
	return (message, code = 1) => {
		console.error(`${script}: ${message}`);
		process.exit(code);
	};
}

/** The server's settings; a bad setting or an in-memory database is bad usage (exit 2). */
export function operatorConfig(fail: Fail): Config {
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message, 2);
		throw error;
	}
	if (!config.databaseUrl && config.databasePath === ':memory:')
		fail('DATABASE_PATH is :memory:; name the server’s file', 2);
	return config;
}

/**
 * Runs `work` on the server's database (PostgreSQL when DATABASE_URL is set, else the SQLite
 * file), migrated, and closes it afterwards.
 */
export async function withStores<T>(config: Config, work: (stores: Stores) => Promise<T>) {
	const { stores, ready } = openStores(config);
	try {
		await ready;
		return await work(stores);
	} finally {
		await stores.close();
	}
}
