/**
 * Temporary folders for a Vitest test: removed when the test finishes, passed or failed, so
 * runs leave nothing behind in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `plenum-${prefix}-`));
	onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}
