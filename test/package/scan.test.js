// n8n's verification scanner as CI runs it (scripts/ci/scan.js): a package that breaks the scanner's rules fails
// the gate, whatever its inline eslint-disable comments say. The scanner is ESM, so it runs as a child process.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const SCAN = path.join(__dirname, '..', '..', 'scripts', 'ci', 'scan.js');

function scan(dir) {
	const r = spawnSync(process.execPath, [SCAN, '--dir', dir], { encoding: 'utf8' });
	return { code: r.status, out: r.stdout + r.stderr };
}

const errors = (out) => Number(/: \d+ files, (\d+) errors/.exec(out)[1]);

test('a package the scanner rejects fails the gate, inline disables notwithstanding, each error named', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-test-'));
	try {
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{
					name: 'n8n-nodes-example',
					version: '0.1.0',
					keywords: ['n8n-community-node-package'],
					license: 'MIT',
					author: { name: 'Example' },
					files: ['dist'],
					n8n: { n8nNodesApiVersion: 1, credentials: ['dist/credentials/ExampleWebhook.credentials.js'], nodes: [] },
					peerDependencies: { 'n8n-workflow': '*' },
				},
				null,
				2,
			),
		);
		fs.mkdirSync(path.join(dir, 'credentials'));
		fs.writeFileSync(
			path.join(dir, 'credentials', 'ExampleWebhook.credentials.ts'),
			[
				"import type { ICredentialType, INodeProperties } from 'n8n-workflow';",
				'export class ExampleWebhook implements ICredentialType {',
				"\tname = 'exampleWebhook';",
				'\t// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api',
				"\tdisplayName = 'Example Webhook';",
				"\tdocumentationUrl = 'https://example.com/docs';",
				"\tproperties: INodeProperties[] = [{ displayName: 'Secret', name: 'secret', type: 'string', typeOptions: { password: true }, default: '' }];",
				'}',
				'',
			].join('\n'),
		);
		const { code, out } = scan(dir);
		expect(code).toBe(1);
		expect(out).toMatch(/valid-author/);
		expect(out).toMatch(/cred-class-field-display-name-missing-api/);
		expect(out).toMatch(/ExampleWebhook\.credentials\.ts/);

		// Mended, the same package loses exactly those errors: the scan counts what it names.
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		pkg.author.email = 'dev@example.com';
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
		const cred = path.join(dir, 'credentials', 'ExampleWebhook.credentials.ts');
		fs.writeFileSync(cred, fs.readFileSync(cred, 'utf8').replace("'Example Webhook'", "'Example Webhook API'"));
		const again = scan(dir);
		expect(again.out).not.toMatch(/valid-author|display-name-missing-api/);
		// exactly those two errors are gone (the fixture is minimal: the scanner finds other things in it too)
		expect(errors(again.out)).toBe(errors(out) - 2);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
