function headerValue(headers: Record<string, unknown>, name: string): string {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return String(Array.isArray(value) ? value[0] : value ?? '');
	}
	return '';
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
		parsed === undefined ||
		parsed === null ||
		(typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed as object).length === 0);
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
