import { describe, expect, it } from 'vitest';
import { createPasswords, HashingBusy } from './password.ts';

describe('password hashing', () => {
	it('verifies the right password only', async () => {
		const passwords = createPasswords({ concurrency: 2, queue: 10 });
		const hashed = await passwords.hash('correct horse battery staple');
		expect(await passwords.verify(hashed, 'correct horse battery staple')).toBe(true);
		expect(await passwords.verify(hashed, 'wrong')).toBe(false);
		expect(await passwords.verify('not a hash', 'wrong')).toBe(false);
	});

	it('runs at most `concurrency` hashes, queues `queue` more and refuses the rest', async () => {
		const passwords = createPasswords({ concurrency: 1, queue: 2 });
		const started = [1, 2, 3].map(() => passwords.hash('a long password here'));
		expect(passwords.load()).toEqual({ active: 1, pending: 2 });
		await expect(passwords.hash('one too many')).rejects.toBeInstanceOf(HashingBusy);
		await Promise.all(started);
		expect(passwords.load()).toEqual({ active: 0, pending: 0 });
		await expect(passwords.hash('room again')).resolves.toMatch(/^\$argon2id\$/);
	});
});
