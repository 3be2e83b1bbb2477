import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Passage's data converter (temporalDataConverter(config)): every client encrypts what it sends. */
  dataConverter: DataConverter;
}

/** A client for the api (and the tests). Connects lazily so the api starts even while Temporal is still coming up. */
export function createTemporalClient(settings: TemporalSettings): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address: settings.address });
  const client = new Client({ connection, namespace: settings.namespace, dataConverter: settings.dataConverter });
  return { client, connection };
}
