/**
 * Every value a Yjs update carries, decoded the way a client would decode it (lib0's binary
 * encoding, not JSON text), including values of items the update marks as deleted: what any
 * subscriber could read out of the bytes it received.
 */
import * as Y from 'yjs';

export function valuesInUpdate(update: Uint8Array): unknown[] {
	const values: unknown[] = [];
	for (const struct of Y.decodeUpdate(update).structs) {
		if (struct instanceof Y.Item) values.push(...struct.content.getContent());
	}
	return values;
}

/** Every object nested anywhere in `values` (arrays and plain objects walked). */
export function nestedObjects(values: unknown[]): Record<string, unknown>[] {
	const found: Record<string, unknown>[] = [];
	const walk = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(walk);
		else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
			found.push(value as Record<string, unknown>);
			Object.values(value).forEach(walk);
		}
	};
	values.forEach(walk);
	return found;
}
