import type { OperationName } from '../../shared/api.js';

/** Every IPC channel the app uses: one per operation (`assay:<operation>`), and the event stream. */
export const CHANNEL_PREFIX = 'assay:';
export const EVENT_CHANNEL = 'assay:event';

export function operationChannel(name: OperationName): string {
  return `${CHANNEL_PREFIX}${name}`;
}
