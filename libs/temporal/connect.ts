import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { clientConnectionOptions, type TemporalConnectionSettings } from './connection-options';

export interface TemporalSettings extends TemporalConnectionSettings {
  TEMPORAL_NAMESPACE: string;
}

/**
 * A client for the api (and the tests). Connects lazily so the api starts even while Temporal is still coming up.
 * `dataConverter` is Passage's (temporalDataConverter(config)): every client encrypts what it sends.
 */
export function createTemporalClient(settings: TemporalSettings, dataConverter: DataConverter): { client: Client; connection: Connection } {
  const connection = Connection.lazy(clientConnectionOptions(settings));
  const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, dataConverter });
  return { client, connection };
}
