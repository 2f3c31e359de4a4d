/** The node's options as the policy reads them: defaults filled in, types coerced (parameters may come from expressions). */
import { DEFAULT_OPTIONS, type MapperOptions } from '../types';
import { isObj, type Obj } from '../values';

/** Fills defaults and coerces option types (parameters may come from expressions). */
export function normaliseOptions(partial: Partial<Record<keyof MapperOptions, unknown>> | null | undefined): MapperOptions {
	const o: MapperOptions = { ...DEFAULT_OPTIONS };
	const p = isObj(partial) ? (partial as Obj) : {};
	const bool = (k: keyof MapperOptions) => {
		if (typeof p[k] === 'boolean') (o as unknown as Obj)[k] = p[k];
	};
	const text = (k: keyof MapperOptions) => {
		if (typeof p[k] === 'string') (o as unknown as Obj)[k] = p[k];
	};
	// any name: an unknown one is an item error when the gateway is looked up, never a silent fallback
	if (typeof p.gateway === 'string' && p.gateway.trim() !== '') o.gateway = p.gateway.trim();
	if (p.pastDuePolicy === 'grace' || p.pastDuePolicy === 'suspend') o.pastDuePolicy = p.pastDuePolicy;
	if (p.onMissingDeviceId === 'error' || p.onMissingDeviceId === 'ignore') o.onMissingDeviceId = p.onMissingDeviceId;
	const g = typeof p.graceDays === 'string' && p.graceDays.trim() !== '' ? Number(p.graceDays) : p.graceDays;
	if (typeof g === 'number' && Number.isFinite(g) && g >= 0) o.graceDays = g;
	(['trialingIsActive', 'suspendOnDispute', 'honourPaidPeriodOnCancel', 'pauseCollectionSuspends', 'dedupe', 'staleGuard', 'confirmWithGateway'] as const).forEach(bool);
	(['deviceIdKeys', 'deviceIdField', 'statusField', 'activeValues', 'suspendValues', 'eventIdField', 'gatewayBaseUrl'] as const).forEach(text);
	return o;
}
