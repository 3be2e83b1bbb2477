/**
 * Temporal's history JSON (proto3 JSON, as `temporal workflow show --output json` writes it), both ways.
 *
 * Why not `historyToJSON` / `historyFromJSON` of @temporalio/common: in this install each of
 * @temporalio/common, @temporalio/proto and @temporalio/worker has its own nested copy of protobufjs 8,
 * and common's protojson refuses the message type that @temporalio/proto's copy built ("type must be a
 * Type"). Using the protojson of the copy that built the type does exactly what those two functions do.
 * Once protobufjs is deduplicated (`npm dedupe`), this file can be replaced by those two functions.
 */
import * as path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

// The protobufjs copy @temporalio/proto itself loads.
const protojson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto/package.json'))] }),
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** A fetched history (WorkflowHandle.fetchHistory()) as pretty-printed JSON text. */
export function historyToJsonText(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return `${JSON.stringify(protojson.toJson(historyType, message), null, 2)}\n`;
}

/** A history JSON file's text as the History that Worker.runReplayHistories takes. */
export function historyFromJsonText(text: string): History {
  // Unknown fields (a newer server's) are ignored, as @temporalio/common's historyFromJSON does.
  const history = protojson.fromJson(historyType, JSON.parse(text), { ignoreUnknownFields: true }) as History | null;
  if (!history?.events?.length) throw new TypeError('not a workflow history: no events');
  return history;
}
