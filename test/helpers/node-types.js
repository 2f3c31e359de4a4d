/**
 * Node and credential types for the in-process n8n engine (see engine.js).
 *
 * Loads this package's compiled nodes and credentials from `dist/` the way n8n's loader does (the paths in
 * package.json's `n8n` block; the class named like the file, `Foo.node.js` → `Foo`), names node types as a real
 * install does (`<package name>.<description.name>`) and adds the few `n8n-nodes-base` nodes that test workflows
 * need but that this package cannot depend on.
 */
const fs = require('fs');
const path = require('path');
const { NodeHelpers, NodeConnectionTypes } = require('n8n-workflow');

const ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------------------
// Built-in helpers (faithful minimal copies of n8n-nodes-base)
// ---------------------------------------------------------------------------------------------------------------

/** n8n-nodes-base.manualTrigger: emits one empty item when the workflow is run by hand. */
class ManualTrigger {
	constructor() {
		this.description = {
			displayName: 'Manual Trigger',
			name: 'manualTrigger',
			icon: 'fa:mouse-pointer',
			group: ['trigger'],
			version: 1,
			description: 'Runs the flow on clicking a button in n8n',
			eventTriggerDescription: '',
			maxNodes: 1,
			defaults: { name: "When clicking 'Execute workflow'", color: '#909298' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [
				{
					displayName:
						'This node is where the workflow execution starts (when you click the ‘test’ button on the canvas).',
					name: 'notice',
					type: 'notice',
					default: '',
				},
			],
		};
	}

	async trigger() {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** n8n-nodes-base.noOp: passes its input through unchanged. */
class NoOp {
	constructor() {
		this.description = {
			displayName: 'No Operation, do nothing',
			name: 'noOp',
			icon: 'fa:arrow-right',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};
	}

	async execute() {
		const items = this.getInputData();
		return [items];
	}
}

/** n8n-nodes-base.stickyNote: canvas decoration in templates; never executed. */
class StickyNote {
	constructor() {
		this.description = {
			displayName: 'Sticky Note',
			name: 'stickyNote',
			icon: 'fa:sticky-note',
			group: ['input'],
			version: 1,
			description: 'Make your workflow easier to understand',
			defaults: { name: 'Sticky Note', color: '#FFD233' },
			inputs: [],
			outputs: [],
			properties: [
				{ displayName: 'Content', name: 'content', type: 'string', default: '' },
				{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
				{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
				{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
			],
		};
	}
}

const BUILT_INS = {
	'n8n-nodes-base.manualTrigger': ManualTrigger,
	'n8n-nodes-base.noOp': NoOp,
	'n8n-nodes-base.stickyNote': StickyNote,
};

// ---------------------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------------------

/** The class a dist file exports, as n8n's loader finds it: named like the file (`Foo.node.js` → `Foo`). */
function loadClass(absPath) {
	const mod = require(absPath);
	const className = path.basename(absPath).split('.')[0];
	if (typeof mod[className] === 'function') return mod[className];
	const candidates = Object.values(mod).filter((v) => typeof v === 'function');
	if (candidates.length === 1) return candidates[0];
	throw new Error(`${path.relative(ROOT, absPath)} does not export a class named "${className}"`);
}

function toInstance(thing) {
	if (typeof thing === 'string') return new (loadClass(path.resolve(ROOT, thing)))();
	if (typeof thing === 'function') return new thing();
	return thing;
}

/** The versions a node type offers (`version` may be a number or an array; VersionedNodeType has nodeVersions). */
function latestVersion(nodeType) {
	if (nodeType.nodeVersions) {
		return nodeType.description.defaultVersion ?? Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
	}
	const v = nodeType.description.version;
	return Array.isArray(v) ? Math.max(...v) : v ?? 1;
}

/**
 * A node-types registry as n8n's `INodeTypes` (`getByName`, `getByNameAndVersion`, `getKnownTypes`), plus
 * `has`, `latestVersion`, `add`. Unknown types throw an error that says which package files were missing.
 */
class NodeTypesRegistry {
	constructor(problems = []) {
		this.types = {};
		this.sources = {};
		this.problems = problems;
	}

	add(typeName, nodeType, sourcePath = '(test)') {
		this.types[typeName] = nodeType;
		this.sources[typeName] = sourcePath;
		return this;
	}

	has(typeName) {
		return Object.prototype.hasOwnProperty.call(this.types, typeName);
	}

	unknown(typeName) {
		const known = Object.keys(this.types).sort().join(', ');
		const problems = this.problems.length
			? ` Package files not loaded: ${this.problems.map((p) => `${p.path} (${p.reason})`).join('; ')}.`
			: '';
		return new Error(`Unknown node type "${typeName}". Known: ${known}.${problems}`);
	}

	getByName(typeName) {
		if (!this.has(typeName)) throw this.unknown(typeName);
		return this.types[typeName];
	}

	getByNameAndVersion(typeName, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(typeName), version);
	}

	getKnownTypes() {
		const known = {};
		for (const name of Object.keys(this.types)) {
			known[name] = { className: this.types[name].constructor.name, sourcePath: this.sources[name] };
		}
		return known;
	}

	latestVersion(typeName) {
		return latestVersion(this.getByName(typeName));
	}
}

/** Credential types as n8n's CredentialTypes: `getByName`, `recognizes`, `getParentTypes`, `getSupportedNodes`. */
class CredentialTypesRegistry {
	constructor(nodeTypes, problems = []) {
		this.types = {};
		this.nodeTypes = nodeTypes;
		this.problems = problems;
	}

	add(credentialType) {
		this.types[credentialType.name] = credentialType;
		return this;
	}

	recognizes(name) {
		return Object.prototype.hasOwnProperty.call(this.types, name);
	}

	getByName(name) {
		if (!this.recognizes(name)) {
			const problems = this.problems.length
				? ` Package files not loaded: ${this.problems.map((p) => `${p.path} (${p.reason})`).join('; ')}.`
				: '';
			throw new Error(
				`Unknown credential type "${name}". Known: ${Object.keys(this.types).sort().join(', ')}.${problems}`,
			);
		}
		return this.types[name];
	}

	getParentTypes(name) {
		const parents = this.getByName(name).extends ?? [];
		const all = [...parents];
		for (const parent of parents) {
			if (this.recognizes(parent)) all.push(...this.getParentTypes(parent));
		}
		return all;
	}

	/** Full node type names whose description lists this credential. */
	getSupportedNodes(name) {
		const names = [];
		for (const [typeName, nodeType] of Object.entries(this.nodeTypes.types)) {
			const descriptions = nodeType.nodeVersions ? Object.values(nodeType.nodeVersions) : [nodeType];
			if (descriptions.some((t) => (t.description.credentials ?? []).some((c) => c.name === name))) {
				names.push(typeName);
			}
		}
		return names;
	}
}

let cached;

/**
 * Loads this package (dist/ via package.json's `n8n` block) plus the built-in helpers.
 *
 * @param {object} [options]
 * @param {Array<object|Function|string>} [options.extraNodes] more node types (instances, classes or paths relative
 *   to the repository); named `<package name>.<description.name>` unless given as `{ type, nodeType }`.
 * @param {Array<object|Function|string>} [options.extraCredentials] more credential types (instances, classes, paths).
 * @returns {{ packageName: string, nodeTypes: NodeTypesRegistry, credentialTypes: CredentialTypesRegistry,
 *   problems: Array<{path: string, reason: string}> }}
 *   `problems` lists package files that do not exist yet or failed to load (no error is thrown for them).
 */
function loadPackage(options = {}) {
	const { extraNodes = [], extraCredentials = [] } = options;
	if (!extraNodes.length && !extraCredentials.length && cached) return cached;

	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const problems = [];
	const nodeTypes = new NodeTypesRegistry(problems);
	const credentialTypes = new CredentialTypesRegistry(nodeTypes, problems);

	const tryLoad = (relPath, kind, onLoaded) => {
		const abs = path.resolve(ROOT, relPath);
		if (!fs.existsSync(abs)) {
			problems.push({ path: relPath, kind, reason: 'file does not exist (not built yet?)' });
			return;
		}
		try {
			onLoaded(new (loadClass(abs))());
		} catch (error) {
			problems.push({ path: relPath, kind, reason: `failed to load: ${error.message}` });
		}
	};

	for (const relPath of pkg.n8n?.credentials ?? []) {
		tryLoad(relPath, 'credential', (instance) => credentialTypes.add(instance));
	}
	for (const relPath of pkg.n8n?.nodes ?? []) {
		tryLoad(relPath, 'node', (instance) =>
			nodeTypes.add(`${pkg.name}.${instance.description.name}`, instance, relPath),
		);
	}
	for (const [typeName, Cls] of Object.entries(BUILT_INS)) nodeTypes.add(typeName, new Cls(), '(built-in copy)');

	for (const extra of extraNodes) {
		if (extra && extra.type && extra.nodeType) {
			nodeTypes.add(extra.type, toInstance(extra.nodeType));
		} else {
			const instance = toInstance(extra);
			nodeTypes.add(`${pkg.name}.${instance.description.name}`, instance);
		}
	}
	for (const extra of extraCredentials) credentialTypes.add(toInstance(extra));

	const loaded = { packageName: pkg.name, nodeTypes, credentialTypes, problems };
	if (!extraNodes.length && !extraCredentials.length) cached = loaded;
	return loaded;
}

module.exports = { loadPackage, NodeTypesRegistry, CredentialTypesRegistry, BUILT_INS, ROOT };
