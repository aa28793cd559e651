/**
 * Small conversions between SQLite column values and the row types.
 */
import type { JsonObject } from './types';
import type { Rating } from '../core/types';

/** The current time as the store writes it: ISO 8601 in UTC. */
export function now(): string {
	return new Date().toISOString();
}

/** Reads a JSON-object column; anything else reads as an empty object. */
export function parseObject(text: string | null): JsonObject {
	if (text === null) {
		return {};
	}
	const value: unknown = JSON.parse(text);
	return isObject(value) ? value : {};
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nullable 0/1 column. */
export function toBool(value: number | null): boolean | null {
	return value === null ? null : value !== 0;
}

/** Writes a nullable boolean as 0/1. */
export function fromBool(value: boolean | null | undefined): number | null {
	return value === null || value === undefined ? null : value ? 1 : 0;
}

/** True for the three PRM800K ratings. */
export function isRating(value: unknown): value is Rating {
	return value === 1 || value === 0 || value === -1;
}
