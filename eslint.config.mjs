// Lint: n8n's own rules for community nodes (the ones its verification scanner applies) on the shipped
// code, and plain recommended rules on the tooling around it (tests, simulator, scripts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// The scanner's choices (@n8n/scan-community-package, buildScanConfig), so that lint finds what it finds: three
// rules of the older plugin contradict the newer one (which wants NodeConnectionTypes and allows a documentation
// URL), one is replaced by a more accurate rule of the newer plugin, and an API's real maximum is a valid maxValue.
const offAsInScanner = {
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
	'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
};
const nodesBase = (name) => ({
	plugins: { 'n8n-nodes-base': n8nNodesBase },
	rules: { ...n8nNodesBase.configs[name].rules, ...offAsInScanner },
});

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },

	// The package: nodes and credentials, as n8n's scanner lints them.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended, n8nCommunityNodesPlugin.configs.recommended],
		rules: {
			'no-console': 'error',
			// Operation maps hold operations of different input types.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	// Node rules on every file of a node: the parameters live in actions/ and shared modules, not in *.node.ts.
	{ files: ['nodes/**/*.ts'], ...nodesBase('nodes') },
	{ files: ['credentials/**/*.ts'], ...nodesBase('credentials') },
	// package.json: author, name, peer dependencies, no overrides ... (the scanner's package rules).
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		plugins: { ...n8nCommunityNodesPlugin.configs.recommended.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nCommunityNodesPlugin.configs.recommended.rules, ...n8nNodesBase.configs.community.rules },
	},

	// Tooling: CommonJS on Node.
	{
		files: ['**/*.js', '**/*.cjs'],
		extends: [js.configs.recommended],
		languageOptions: {
			sourceType: 'commonjs',
			ecmaVersion: 2023,
			globals: { ...globals.node, ...globals.jest },
		},
		rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
	},
);
