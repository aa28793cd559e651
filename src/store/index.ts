/**
 * The store's public face: open a database, and the types its methods take
 * and return. Nothing here imports vscode; the extension and the CLI share it.
 */
export { openStore, Store } from './store';
export type { OpenOptions } from './open';
export { StoreError } from './errors';
export type { StoreErrorKind } from './errors';
export { SCHEMA_VERSION } from './schema';
export type { LabelingQueue, QueueItem, QueueOptions } from './queue';
export { rankForLabeling } from './queueOrder';
export type { QueueCandidate, QueueReason, RankedCandidate } from './queueOrder';
export { decideLabel } from './labelRule';
export type { ExportOptions } from './formats/exportScope';
export type { Prm800kImportOptions, Prm800kImportReport } from './formats/prm800kImport';
export type { Prm800kRecord } from './formats/prm800kRecord';
export type { TrlRow } from './formats/trl';
export { parseJsonl, toJsonl } from './formats/jsonl';
export * from './types';
