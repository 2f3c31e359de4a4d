// Copies the nodes' and credentials' icons and codex files next to the compiled JavaScript in dist/,
// where n8n looks for them (tsc only emits .js).
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () =>
	src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);
