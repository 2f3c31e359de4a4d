/**
 * A small, strict, dependency-free XML reader for Braintree's gateway XML, and the conversion braintree_node
 * applies to it.
 *
 * braintree_node parses XML with xml2js (`{ attrkey: '@', charkey: '#', explicitArray: false }`, strict sax) and
 * then runs `Util.convertNodeToObject`. This module reproduces both steps:
 *
 * 1. `parseXmlDocument` reads the document into an element tree. It is strict where sax's strict mode is:
 *    one root element, matched tags, quoted attributes, no duplicate attributes, only the five predefined
 *    entities plus numeric character references (`&amp;`, `&#38;`, `&#x26;`), no raw `<` in attribute values.
 *    Comments, processing instructions and the XML declaration are skipped; CDATA sections are text. A DOCTYPE is
 *    refused (Braintree never sends one, and refusing it rules out entity expansion tricks).
 *    It is stricter than sax in four cases Braintree's XML never has: HTML named entities (`&nbsp;`), content
 *    after the root element, duplicate attributes and a raw `<` in an attribute value are refused.
 * 2. `toXml2jsShape` builds what xml2js would return for that element (text-only elements become strings,
 *    attributes go under `@`, text next to attributes or children under `#`, repeated children become arrays,
 *    whitespace-only text is dropped, an empty element becomes `''`, or its whitespace).
 * 3. `convertNodeToObject` is a line-by-line port of the SDK's `Util.convertNodeToObject`: `type="array"` →
 *    array, `type="collection"` → object, `nil="true"` → `null`, `type="integer"` → `parseInt(text, 10)`,
 *    `type="boolean"` → `text === 'true'`, any other attribute (`type="datetime"`, `"date"`, `"decimal"`,
 *    `"symbol"`, …) → the text as a string; element names become camelCase (`paid-through-date` →
 *    `paidThroughDate`).
 *
 * One deliberate difference: where the SDK would produce `NaN` (an empty `type="integer"` element without
 * `nil="true"`), this returns `null`, so that the result is always JSON-safe. Everything else (dates and
 * decimals as strings, 20-digit ids kept as strings) is exactly what the SDK returns.
 */

export interface XmlText {
	type: 'text';
	text: string;
	cdata: boolean;
}

export interface XmlElement {
	type: 'element';
	name: string;
	attributes: Record<string, string>;
	children: Array<XmlElement | XmlText>;
}

export class XmlParseError extends Error {
	constructor(message: string, position?: number) {
		super(position === undefined ? message : `${message} (at character ${position})`);
		this.name = 'XmlParseError';
	}
}

const MAX_DEPTH = 64;
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]/;
const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, position: number): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(/&([^;&\s]*);?/g, (match, body: string, offset: number) => {
		if (!match.endsWith(';')) throw new XmlParseError('Unterminated entity reference', position + offset);
		if (Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, body)) return PREDEFINED_ENTITIES[body];
		let codePoint = NaN;
		if (/^#[0-9]+$/.test(body)) codePoint = parseInt(body.slice(1), 10);
		else if (/^#x[0-9A-Fa-f]+$/.test(body)) codePoint = parseInt(body.slice(2), 16);
		if (!Number.isInteger(codePoint) || codePoint < 1 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
			throw new XmlParseError(`Invalid entity "&${body};"`, position + offset);
		}
		return String.fromCodePoint(codePoint);
	});
}

/** Reads an XML document into its root element. Throws `XmlParseError` on anything malformed. */
export function parseXmlDocument(input: string): XmlElement {
	const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const length = xml.length;
	const stack: XmlElement[] = [];
	let root: XmlElement | undefined;
	let i = 0;

	const fail = (message: string, at = i): never => {
		throw new XmlParseError(message, at);
	};

	const readName = (): string => {
		const start = i;
		if (i >= length || !NAME_START.test(xml[i])) fail('Expected a name');
		i++;
		while (i < length && NAME_CHAR.test(xml[i])) i++;
		return xml.slice(start, i);
	};

	const skipSpace = () => {
		while (i < length && /\s/.test(xml[i])) i++;
	};

	const addText = (text: string, cdata: boolean, at: number) => {
		const parent = stack[stack.length - 1];
		if (!parent) {
			if (cdata || /\S/.test(text)) fail(root ? 'Text after the root element' : 'Text before the root element', at);
			return;
		}
		parent.children.push({ type: 'text', text, cdata });
	};

	while (i < length) {
		const lt = xml.indexOf('<', i);
		if (lt === -1) {
			addText(decodeEntities(xml.slice(i), i), false, i);
			i = length;
			break;
		}
		if (lt > i) {
			const raw = xml.slice(i, lt);
			addText(decodeEntities(raw, i), false, i);
			i = lt;
		}
		if (xml.startsWith('<!--', i)) {
			const end = xml.indexOf('-->', i + 4);
			if (end === -1) fail('Unterminated comment');
			i = end + 3;
		} else if (xml.startsWith('<![CDATA[', i)) {
			const end = xml.indexOf(']]>', i + 9);
			if (end === -1) fail('Unterminated CDATA section');
			addText(xml.slice(i + 9, end), true, i);
			i = end + 3;
		} else if (xml.startsWith('<?', i)) {
			const end = xml.indexOf('?>', i + 2);
			if (end === -1) fail('Unterminated processing instruction');
			i = end + 2;
		} else if (xml.startsWith('<!', i)) {
			fail('DOCTYPE and other declarations are not accepted');
		} else if (xml.startsWith('</', i)) {
			const at = i;
			i += 2;
			const name = readName();
			skipSpace();
			if (xml[i] !== '>') fail('Expected ">" to close the end tag');
			i++;
			const open = stack.pop();
			if (!open) fail(`Unexpected end tag </${name}>`, at);
			else if (open.name !== name) fail(`End tag </${name}> does not match <${open.name}>`, at);
			else if (stack.length === 0) root = open;
		} else {
			const at = i;
			if (stack.length === 0 && root) fail('More than one root element', at);
			i++;
			const element: XmlElement = { type: 'element', name: readName(), attributes: Object.create(null), children: [] };
			for (;;) {
				const before = i;
				skipSpace();
				if (i >= length) fail('Unterminated start tag', at);
				if (xml[i] === '>' || xml.startsWith('/>', i)) break;
				if (i === before) fail('Expected whitespace between attributes');
				const attrName = readName();
				skipSpace();
				if (xml[i] !== '=') fail(`Attribute "${attrName}" has no value`);
				i++;
				skipSpace();
				const quote = xml[i];
				if (quote !== '"' && quote !== "'") fail(`Attribute "${attrName}" value is not quoted`);
				const end = xml.indexOf(quote, i + 1);
				if (end === -1) fail('Unterminated attribute value');
				const rawValue = xml.slice(i + 1, end);
				if (rawValue.includes('<')) fail('"<" in an attribute value', i);
				if (Object.prototype.hasOwnProperty.call(element.attributes, attrName)) {
					fail(`Duplicate attribute "${attrName}"`);
				}
				element.attributes[attrName] = decodeEntities(rawValue, i + 1);
				i = end + 1;
			}
			const parent = stack[stack.length - 1];
			if (parent) parent.children.push(element);
			if (xml.startsWith('/>', i)) {
				i += 2;
				if (!parent) root = element;
			} else {
				i++;
				stack.push(element);
				if (stack.length > MAX_DEPTH) fail('Elements are nested too deeply');
			}
		}
	}
	if (stack.length > 0) fail(`Unclosed element <${stack[stack.length - 1].name}>`);
	if (!root) fail('No root element');
	return root as XmlElement;
}

/** What xml2js (strict, `attrkey: '@'`, `charkey: '#'`, `explicitArray: false`) returns for one element. */
export type Xml2jsValue = string | Xml2jsObject | Xml2jsValue[];
export interface Xml2jsObject {
	[key: string]: Xml2jsValue | Record<string, string>;
}

export function toXml2jsShape(element: XmlElement): Xml2jsValue {
	let text = '';
	let cdata = false;
	const children: Record<string, Xml2jsValue> = Object.create(null);
	for (const child of element.children) {
		if (child.type === 'text') {
			text += child.text;
			if (child.cdata) cdata = true;
			continue;
		}
		const value = toXml2jsShape(child);
		const existing = children[child.name];
		if (existing === undefined) children[child.name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else children[child.name] = [existing, value];
	}
	// xml2js creates the text key first, then the attributes, then children (insertion order matters for arrays).
	const obj: Xml2jsObject = Object.create(null);
	const keepText = cdata || !/^\s*$/.test(text);
	if (keepText) obj['#'] = text;
	const attributeNames = Object.keys(element.attributes);
	if (attributeNames.length > 0) {
		const attrs: Record<string, string> = Object.create(null);
		for (const name of attributeNames) attrs[name] = element.attributes[name];
		obj['@'] = attrs;
	}
	for (const name of Object.keys(children)) obj[name] = children[name];
	const keys = Object.keys(obj);
	if (keepText && keys.length === 1) return text;
	if (keys.length === 0) return text; // empty element: '' (or the whitespace it held), as xml2js does
	return obj;
}

/** braintree_node's `Util.toCamelCase`. */
export function toCamelCase(name: string): string {
	return name.replace(/([-_][a-z0-9])/g, (match) => match.toUpperCase().replace('-', '').replace('_', ''));
}

export type BraintreeValue = string | number | boolean | null | undefined | BraintreeValue[] | BraintreeObject;
export interface BraintreeObject {
	[key: string]: BraintreeValue;
}

function isObject(value: unknown): value is Xml2jsObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A port of braintree_node's `Util.convertNodeToObject` (see the module comment for the one NaN difference). */
export function convertNodeToObject(node: Xml2jsValue | Record<string, string> | undefined): BraintreeValue {
	if (isObject(node) && node['@']) {
		const attrs = node['@'] as Record<string, string>;
		const text = node['#'] as string | undefined;
		if (attrs.type === 'array') {
			const list: BraintreeValue[] = [];
			for (const key of Object.keys(node)) {
				if (key === '@') continue;
				const value = node[key] as Xml2jsValue;
				if (Array.isArray(value)) for (const item of value) list.push(convertNodeToObject(item));
				else list.push(convertNodeToObject(value));
			}
			return list;
		}
		if (attrs.type === 'collection') {
			const result: BraintreeObject = {};
			for (const key of Object.keys(node)) {
				if (key === '@') continue;
				result[toCamelCase(key)] = convertNodeToObject(node[key] as Xml2jsValue);
			}
			return result;
		}
		if (attrs.nil === 'true') return null;
		if (attrs.type === 'integer') {
			const parsed = parseInt(text as string, 10);
			return Number.isNaN(parsed) ? null : parsed;
		}
		if (attrs.type === 'boolean') return text === 'true';
		return text;
	}
	if (Array.isArray(node)) return node.map((item) => convertNodeToObject(item));
	if (isObject(node)) {
		const keys = Object.keys(node);
		if (keys.length === 0) return '';
		const result: BraintreeObject = {};
		for (const key of keys) result[toCamelCase(key)] = convertNodeToObject(node[key] as Xml2jsValue);
		return result;
	}
	return node as string | undefined;
}

/**
 * Braintree XML → the object braintree_node builds from it, including the root element as the single key
 * (`<notification>…</notification>` → `{ notification: {…} }`), keys camelCased.
 */
export function parseBraintreeXml(xml: string): BraintreeObject {
	const root = parseXmlDocument(xml);
	const converted = convertNodeToObject({ [root.name]: toXml2jsShape(root) } as Xml2jsObject);
	return converted as BraintreeObject;
}
