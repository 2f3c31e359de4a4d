import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { OneOtClient } from '../../shared/oneot/client';
import { OneOtApiError } from '../../shared/oneot/errors';
import { redact } from '../../shared/oneot/redact';
import { oneOtNodeApiError } from '../../shared/oneot/nodeError';
import { ImeiIndex } from '../../shared/oneot/resolve';
import { n8nTransport } from '../../shared/oneot/transport';
import { OPERATIONS } from './operations';
import type { ExecutionOptions, OperationContext } from './types';

/**
 * Runs the chosen operation over all input items at once (so SIMs are read and changed in bulk), and
 * turns its per-item outcomes into n8n items: one result per input item with `pairedItem`, or that
 * item's error — as an error item with "Continue On Fail", else as the node's error.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const options = readOptions(this, resource);
	const client = new OneOtClient(await n8nTransport(this), {
		concurrency: options.concurrency,
		retry: { maxRetries: options.maxRetries },
	});
	const ctx: OperationContext = { fn: this, client, imeiIndex: new ImeiIndex(client), options };
	const continueOnFail = this.continueOnFail();

	// Phase 1: read and check every item's parameters. Without Continue On Fail, bad input stops the
	// node here, before any SIM was touched.
	const prepared = items.map((_, index) => {
		try {
			return { index, ok: true as const, input: operation.prepare(ctx, index) };
		} catch (error) {
			return { index, ok: false as const, error: asItemError(this, error, index) };
		}
	});
	const firstBad = prepared.find((p) => !p.ok);
	if (firstBad && !firstBad.ok && !continueOnFail) throw firstBad.error;

	// Phase 2: the calls, in bulk.
	const good = prepared.flatMap((p) => (p.ok ? [{ index: p.index, input: p.input }] : []));
	const outcomes = await operation.run(ctx, good);

	const out: INodeExecutionData[] = [];
	let g = 0;
	for (const p of prepared) {
		const pairedItem = { item: p.index };
		if (!p.ok) {
			out.push({ json: { error: p.error.message }, pairedItem });
			continue;
		}
		const outcome = outcomes[g++];
		if (outcome.ok) {
			const values = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
			for (const json of values) out.push({ json, pairedItem });
			continue;
		}
		const error = asItemError(this, outcome.error, p.index);
		if (!continueOnFail) throw error;
		out.push({
			json: { ...(operation.describe?.(p.input) ?? {}), error: error.message, ...errorDetails(error, outcome.error) },
			pairedItem,
		});
	}
	return [out];
}

function readOptions(fn: IExecuteFunctions, resource: string): ExecutionOptions {
	const raw = resource === 'sim' ? (fn.getNodeParameter('options', 0, {}) as IDataObject) : {};
	const number = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
	return {
		batchSize: Math.max(1, Math.min(1000, Math.floor(number(raw.batchSize, 1000)))),
		readBatchSize: Math.max(1, Math.min(1000, Math.floor(number(raw.readBatchSize, 1000)))),
		concurrency: Math.max(1, Math.min(16, Math.floor(number(raw.concurrency, 4)))),
		maxRetries: Math.max(0, Math.min(10, Math.floor(number(raw.maxRetries, 5)))),
		waitForCompletion: raw.waitForCompletion === true,
		completionTimeoutMs: Math.max(1, number(raw.completionTimeout, 60)) * 1000,
		suspendWith: raw.suspendWith === 'deactivate' ? 'deactivate' : 'suspend',
	};
}

/** The n8n error for one item: API answers become NodeApiError, everything else NodeOperationError. */
function asItemError(fn: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof OneOtApiError) return oneOtNodeApiError(fn.getNode(), error, itemIndex);
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(fn.getNode(), `Item ${itemIndex}: ${redact(message)}`, { itemIndex });
}

/** The fields an error item carries beside `error`: the API's `code` (E211, …), its words, the HTTP status. */
function errorDetails(error: NodeApiError | NodeOperationError, cause: unknown): IDataObject {
	const details: IDataObject = {};
	if (cause instanceof OneOtApiError && cause.errorCode) details.code = cause.errorCode;
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	return details;
}
