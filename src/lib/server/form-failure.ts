import { fail } from '@sveltejs/kit';
import type { FailureCode, FailureParams } from '../core/failures.ts';

interface Failure {
	status?: number;
	field?: string | null;
	code: FailureCode | null;
	params?: FailureParams;
	message: string;
}

/**
 * A form action's answer to an expected failure: what the page words in its language (code,
 * values, the English message as a fallback, the field concerned) and what the person typed, so
 * the form keeps it.
 */
export function formFailure<T extends Record<string, unknown>>(failure: Failure, typed: T) {
	return fail(failure.status ?? 400, {
		field: failure.field ?? null,
		code: failure.code,
		params: failure.params,
		message: failure.message,
		...typed
	});
}
