// Builds the app into dist/ (or into GATEHOUSE_WEB_OUT): src/app.js and
// its dependencies bundled and minified by esbuild into app.js, index.html,
// app.css and favicon.svg copied, and THIRD_PARTY_LICENSES.txt with the licenses of the
// packages in the bundle. No source maps, no timestamps: the same inputs
// give the same bytes, which e2e/web_build_test.go checks against the
// committed dist/.
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultOut = path.join(here, 'dist');
const out = path.resolve(process.env.GATEHOUSE_WEB_OUT || defaultOut);

// The output directory is emptied first, so only dist/ or an empty (or
// missing) directory is accepted.
if (out === defaultOut) {
	await rm(out, { recursive: true, force: true });
} else {
	const existing = await readdir(out).catch(() => []);
	if (existing.length > 0) {
		throw new Error(`GATEHOUSE_WEB_OUT=${out} is not empty`);
	}
}
await mkdir(out, { recursive: true });

const result = await build({
	absWorkingDir: here,
	entryPoints: ['src/app.js'],
	outfile: path.join(out, 'app.js'),
	bundle: true,
	format: 'iife',
	platform: 'browser',
	target: ['es2020'],
	minify: true,
	sourcemap: false,
	legalComments: 'none',
	charset: 'utf8',
	metafile: true,
	logLevel: 'warning',
	// buffer 4 (amazon-cognito-identity-js) reads Node's global.
	define: { global: 'globalThis' },
});

for (const name of ['index.html', 'app.css', 'favicon.svg']) {
	await copyFile(path.join(here, 'src', name), path.join(out, name));
}

// The packages whose code is in the bundle, from esbuild's inputs
// ("node_modules/@scope/name/..." or "node_modules/name/...").
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
	const parts = input.split('/');
	const at = parts.lastIndexOf('node_modules');
	if (at < 0) {
		continue;
	}
	const n = parts[at + 1].startsWith('@') ? 2 : 1;
	packages.add(parts.slice(0, at + 1 + n).join('/'));
}

const licenseNames = ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'LICENCE', 'license', 'license.md', 'LICENSE-MIT'];
const sections = [];
for (const dir of [...packages].sort()) {
	const pkg = JSON.parse(await readFile(path.join(here, dir, 'package.json'), 'utf8'));
	let text = '';
	for (const name of licenseNames) {
		text = await readFile(path.join(here, dir, name), 'utf8').catch(() => '');
		if (text) {
			break;
		}
	}
	let notice = '';
	for (const name of ['NOTICE', 'NOTICE.txt', 'NOTICE.md']) {
		notice = await readFile(path.join(here, dir, name), 'utf8').catch(() => '');
		if (notice) {
			break;
		}
	}
	const header = `${pkg.name} ${pkg.version} (${pkg.license || 'see its package'})`;
	const body = [text.trim() || 'No license file in the package.', notice.trim()].filter(Boolean).join('\n\n');
	sections.push(`${header}\n${'='.repeat(header.length)}\n\n${body}\n`);
}
await writeFile(
	path.join(out, 'THIRD_PARTY_LICENSES.txt'),
	`The app.js bundle of the Gatehouse web app includes these packages.\n\n${sections.join('\n')}`,
);
