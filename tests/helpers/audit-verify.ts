import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../../scripts/audit-verify.ts', import.meta.url));

/** Runs `yarn audit:verify` as an operator would, returning its exit code and everything it printed. */
export async function auditVerify(...args: string[]): Promise<{ code: number; output: string }> {
	try {
		const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args]);
		return { code: 0, output: stdout };
	} catch (error) {
		const failure = error as { code: number; stdout: string; stderr: string };
		return { code: failure.code, output: `${failure.stdout}${failure.stderr}` };
	}
}
