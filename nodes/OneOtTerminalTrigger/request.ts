function headerValue(headers: Record<string, unknown>, name: string): string {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return String(Array.isArray(value) ? value[0] : value ?? '');
	}
	return '';
}

/** Whether an object has a key of its own: stops at the first (no list of a large body's keys is made for it). */
function hasOwnKey(object: object): boolean {
	for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
	return false;
}

/**
 * The payload of a request: what n8n parsed (JSON or form), or the raw text when n8n parsed nothing (a
 * `text/plain` push). `rawText` is the JSON text when there is one, to recover identifiers sent as numbers.
 */
export function requestBody(parsed: unknown, headers: Record<string, unknown>, rawBody: unknown): { body: unknown; rawText?: string } {
	const contentType = headerValue(headers, 'content-type').toLowerCase();
	const text = typeof rawBody === 'string' ? rawBody : Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : undefined;
	const isJson = contentType === '' || contentType.includes('json');
	const emptyParse =
		parsed === undefined || parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed) && !hasOwnKey(parsed as object));
	if (emptyParse && text !== undefined && text.trim() !== '') {
		// n8n did not parse it (a content type it does not know): JSON if it is JSON, else the text itself.
		try {
			return { body: JSON.parse(text), rawText: text };
		} catch {
			return { body: text.trim() };
		}
	}
	return { body: parsed ?? {}, rawText: isJson ? text : undefined };
}
