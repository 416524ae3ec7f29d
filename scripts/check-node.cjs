/**
 * Stops `yarn dev`, `yarn start`, `yarn room` and `yarn test` at once, with a message, when the
 * Node.js running them is older than `engines.node` in package.json. Older versions fail later
 * and worse (better-sqlite3 crashes on load, `.ts` files do not run). This file must itself run
 * on old Node: CommonJS and nothing newer than ES5.
 */
'use strict';
var path = require('path');

var engines = require(path.join(__dirname, '..', 'package.json')).engines.node;
var wanted = /(\d+)\.(\d+)/.exec(engines);
var have = /^(\d+)\.(\d+)/.exec(process.versions.node);
var needMajor = Number(wanted[1]);
var needMinor = Number(wanted[2]);
var major = Number(have[1]);
var minor = Number(have[2]);

if (major < needMajor || (major === needMajor && minor < needMinor)) {
	process.stderr.write(
		'plenum: Node.js ' +
			needMajor +
			'.' +
			needMinor +
			' or newer is needed (24 LTS recommended, see .nvmrc); this is Node.js ' +
			process.versions.node +
			' (' +
			process.execPath +
			').\nInstall a newer Node.js (e.g. `nvm install`) and run the command again.\n'
	);
	process.exit(1);
}
