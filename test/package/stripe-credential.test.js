/**
 * Why Confirm With Gateway ships its own Stripe credential (stripeReadApi) rather than using n8n's `stripeApi`:
 * n8n resolves credential types across packages at run time, but its verification rules for community nodes (the
 * @n8n/eslint-plugin-community-nodes rule the scanner runs, with inline disabling off) refuse a node whose
 * description names a credential the package does not ship.
 */
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');

/** The scanner's rule, run as the scanner runs it (ESLint, inline config off), in a plain Node process (the plugin is ESM). */
function lintAsScanner(code, file) {
	const script = `
		import { ESLint } from 'eslint';
		import tseslint from 'typescript-eslint';
		import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
		const eslint = new ESLint({ cwd: process.cwd(), allowInlineConfig: false, overrideConfigFile: true,
			overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, ...n8nCommunityNodesPlugin.configs.recommended }] });
		const [result] = await eslint.lintText(process.env.CODE, { filePath: process.env.FILE });
		process.stdout.write(JSON.stringify(result.messages.filter((m) => m.ruleId === '@n8n/community-nodes/valid-credential-references')));
	`;
	const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { ...process.env, CODE: code, FILE: path.join(root, file) } });
	return JSON.parse(out.toString());
}

test('a node naming n8n\'s stripeApi fails the scanner\'s rule; the mapper with stripeReadApi passes it', () => {
	const mapperFile = 'nodes/PaymentStatusMapper/PaymentStatusMapper.node.ts';
	const source = fs.readFileSync(path.join(root, mapperFile), 'utf8');
	expect(source).toContain("name: 'stripeReadApi'");
	expect(lintAsScanner(source, mapperFile)).toEqual([]);
	const withBuiltIn = source.replace("name: 'stripeReadApi'", "name: 'stripeApi'");
	const problems = lintAsScanner(withBuiltIn, mapperFile);
	expect(problems).toHaveLength(1);
	expect(problems[0].message).toMatch(/Credential "stripeApi" does not exist in this package/);
});
