/**
 * Summarises V8 heap snapshots of the bench's server by constructor: count, self size and
 * retained size (computed on the snapshot's dominator tree; an object inside another of the same
 * constructor is counted once, in the outer one). Given a second snapshot and the number of
 * phones connected at each, it prints the difference per phone, which is what each connected
 * voter costs in the V8 heap.
 *
 *   node bench/index.ts --steady --voters 1000 --rate 300 --seconds 20 --no-png \
 *     --server-env NODE_OPTIONS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/heap"
 *   # at "guests joined" and again after "ready:": kill -USR2 <server pid>
 *   node bench/heap-summary.ts A.heapsnapshot [B.heapsnapshot --voters 0,1000] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
	snapshot: {
		meta: {
			node_fields: string[];
			node_types: [string[]];
			edge_fields: string[];
			edge_types: [string[]];
		};
	};
	nodes: number[];
	edges: number[];
	strings: string[];
}

interface Row {
	count: number;
	self: number;
	retained: number;
}

/** Self and retained size by constructor (objects by name, other node types by type). */
export function summarise(file: string, byOwner = false) {
	const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
	const { meta } = data.snapshot;
	const nodeFields = meta.node_fields.length;
	const edgeFields = meta.edge_fields.length;
	const typeAt = meta.node_fields.indexOf('type');
	const nameAt = meta.node_fields.indexOf('name');
	const sizeAt = meta.node_fields.indexOf('self_size');
	const edgeCountAt = meta.node_fields.indexOf('edge_count');
	const edgeTypeAt = meta.edge_fields.indexOf('type');
	const edgeToAt = meta.edge_fields.indexOf('to_node');
	const nodeTypes = meta.node_types[0];
	const weak = meta.edge_types[0].indexOf('weak');
	const { nodes, edges, strings } = data;
	const count = nodes.length / nodeFields;

	const keys = new Array<string>(count);
	const firstEdge = new Uint32Array(count + 1);
	for (let i = 0, edge = 0; i < count; i++) {
		firstEdge[i] = edge;
		edge += nodes[i * nodeFields + edgeCountAt] * edgeFields;
		const type = nodeTypes[nodes[i * nodeFields + typeAt]];
		const name = strings[nodes[i * nodeFields + nameAt]];
		keys[i] =
			type === 'object' || type === 'native'
				? name.split(' ')[0]
				: type === 'closure'
					? `(closure ${name || 'anonymous'})`
					: `(${type})`;
	}
	firstEdge[count] = edges.length;
	const children = (i: number, visit: (child: number) => void) => {
		for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += edgeFields) {
			if (edges[e + edgeTypeAt] !== weak) visit(edges[e + edgeToAt] / nodeFields);
		}
	};

	// Reverse postorder from the root (node 0), iteratively.
	const order = new Int32Array(count).fill(-1);
	const postorder: number[] = [];
	const stack: number[] = [0];
	const cursor = new Uint32Array(count);
	const seen = new Uint8Array(count);
	seen[0] = 1;
	for (let i = 0; i < count; i++) cursor[i] = firstEdge[i];
	while (stack.length > 0) {
		const node = stack[stack.length - 1];
		let pushed = false;
		while (cursor[node] < firstEdge[node + 1]) {
			const e = cursor[node];
			cursor[node] += edgeFields;
			if (edges[e + edgeTypeAt] === weak) continue;
			const child = edges[e + edgeToAt] / nodeFields;
			if (!seen[child]) {
				seen[child] = 1;
				stack.push(child);
				pushed = true;
				break;
			}
		}
		if (!pushed) {
			stack.pop();
			order[node] = postorder.length;
			postorder.push(node);
		}
	}
	const predecessors: number[][] = Array.from({ length: count }, () => []);
	for (const node of postorder) children(node, (child) => predecessors[child].push(node));

	// Cooper, Harvey and Kennedy's iterative dominators.
	const dominator = new Int32Array(count).fill(-1);
	dominator[0] = 0;
	const intersect = (a: number, b: number) => {
		while (a !== b) {
			while (order[a] < order[b]) a = dominator[a];
			while (order[b] < order[a]) b = dominator[b];
		}
		return a;
	};
	for (let changed = true; changed;) {
		changed = false;
		for (let k = postorder.length - 2; k >= 0; k--) {
			const node = postorder[k];
			let next = -1;
			for (const p of predecessors[node]) {
				if (dominator[p] === -1) continue;
				next = next === -1 ? p : intersect(p, next);
			}
			if (next !== -1 && dominator[node] !== next) {
				dominator[node] = next;
				changed = true;
			}
		}
	}

	const retained = new Float64Array(count);
	for (let i = 0; i < count; i++) retained[i] = nodes[i * nodeFields + sizeAt];
	for (const node of postorder) if (node !== 0) retained[dominator[node]] += retained[node];

	// Plain containers are named after the nearest object with a class of its own that holds them.
	const plain = (key: string) =>
		key.startsWith('(') ||
		key === 'Object' ||
		key === 'Array' ||
		key === 'Map' ||
		key === 'Set' ||
		key === 'system';
	const owner = (node: number) => {
		for (let up = dominator[node]; up > 0; up = dominator[up])
			if (!plain(keys[up])) return keys[up];
		return 'root';
	};
	const rows = new Map<string, Row>();
	let total = 0;
	for (const node of postorder) {
		const key = byOwner && plain(keys[node]) ? `${keys[node]} in ${owner(node)}` : keys[node];
		const row = rows.get(key) ?? { count: 0, self: 0, retained: 0 };
		rows.set(key, row);
		row.count++;
		row.self += nodes[node * nodeFields + sizeAt];
		total += nodes[node * nodeFields + sizeAt];
		let outer = false;
		for (let up = dominator[node]; up !== 0 && up !== -1; up = dominator[up]) {
			if (keys[up] === keys[node]) {
				outer = true;
				break;
			}
		}
		if (!outer) row.retained += retained[node];
	}
	const edgeNameAt = meta.edge_fields.indexOf('name_or_index');
	const edgeTypes = meta.edge_types[0];
	/** The objects `node` dominates, by the edge that holds them, to `depth` levels. */
	const tree = (node: number, depth: number, indent = ''): string[] => {
		const lines: string[] = [];
		for (let e = firstEdge[node]; e < firstEdge[node + 1]; e += edgeFields) {
			const child = edges[e + edgeToAt] / nodeFields;
			if (dominator[child] !== node) continue;
			const type = edgeTypes[edges[e + edgeTypeAt]];
			const name =
				type === 'element' || type === 'hidden'
					? `[${edges[e + edgeNameAt]}]`
					: strings[edges[e + edgeNameAt]];
			lines.push(`${indent}${String(retained[child]).padStart(6)} ${name}: ${keys[child]}`);
			if (depth > 1) lines.push(...tree(child, depth - 1, indent + '  '));
		}
		return lines;
	};
	const inspect = (key: string, depth: number) =>
		postorder
			.filter((node) => keys[node] === key)
			.slice(-2)
			.map((node) => [`${key}: ${retained[node]} B retained`, ...tree(node, depth)].join('\n'));
	return { rows, total, inspect };
}

if (import.meta.main) {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			top: { type: 'string', default: '40' },
			voters: { type: 'string' },
			owners: { type: 'boolean', default: false },
			inspect: { type: 'string' },
			depth: { type: 'string', default: '2' }
		}
	});
	const top = Number(values.top);
	const kb = (bytes: number) => (bytes / 1024).toFixed(1);
	const [first, second] = positionals.map((file) => summarise(file, values.owners));
	if (values.inspect) {
		for (const text of (second ?? first).inspect(values.inspect, Number(values.depth)))
			console.log(text);
		process.exit(0);
	}
	if (!second) {
		console.log(`${(first.total / 1e6).toFixed(1)} MB live`);
		const sorted = [...first.rows].sort((a, b) => b[1].retained - a[1].retained).slice(0, top);
		for (const [key, row] of sorted) {
			console.log(
				`${kb(row.retained).padStart(10)} KB retained ${kb(row.self).padStart(10)} KB self ${String(row.count).padStart(8)}  ${key}`
			);
		}
	} else {
		const [a, b] = (values.voters ?? '0,1').split(',').map(Number);
		const phones = b - a;
		console.log(
			`${(first.total / 1e6).toFixed(1)} -> ${(second.total / 1e6).toFixed(1)} MB live; per phone: ${(
				(second.total - first.total) /
				phones /
				1024
			).toFixed(2)} KB`
		);
		const diff = [...new Set([...first.rows.keys(), ...second.rows.keys()])].map((key) => {
			const x = first.rows.get(key) ?? { count: 0, self: 0, retained: 0 };
			const y = second.rows.get(key) ?? { count: 0, self: 0, retained: 0 };
			return {
				key,
				count: (y.count - x.count) / phones,
				self: (y.self - x.self) / phones,
				retained: (y.retained - x.retained) / phones
			};
		});
		diff.sort((p, q) => Math.abs(q.self) - Math.abs(p.self));
		console.log('   self B/phone  retained B/phone  count/phone  constructor');
		for (const row of diff.slice(0, top)) {
			console.log(
				`${row.self.toFixed(0).padStart(14)} ${row.retained.toFixed(0).padStart(17)} ${row.count.toFixed(2).padStart(12)}  ${row.key}`
			);
		}
	}
}
