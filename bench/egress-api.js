// Drives an egress4j node (`egress serve`) through LiveKit's Egress API with LiveKit's Node server SDK, for the
// benches. NODE_PATH must reach livekit-server-sdk (scripts/install-test-tools puts it in .tools/).
//   node egress-api.js <api url> <key> <secret> track <room> <track sid> <name>  -> prints the egress ID
//   node egress-api.js <api url> <key> <secret> web-latency <page url>   -> "<ms to ACTIVE> <egress ID>"
//   node egress-api.js <api url> <key> <secret> stop <egress ID>...      -> waits until each has ended
//   node egress-api.js <api url> <key> <secret> results <egress ID>...   -> "<egress ID> <status> <location>" a line
const { EgressClient, DirectFileOutput, EncodedFileOutput, EgressStatus } = require('livekit-server-sdk');

const [url, key, secret, command, ...args] = process.argv.slice(2);
const client = new EgressClient(url, key, secret);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ENDED = [EgressStatus.EGRESS_COMPLETE, EgressStatus.EGRESS_FAILED, EgressStatus.EGRESS_ABORTED,
  EgressStatus.EGRESS_LIMIT_REACHED];

async function statusOf(egressId) {
  const [info] = await client.listEgress({ egressId });
  return info;
}

async function track(room, trackSid, name) {
  const file = new DirectFileOutput({ filepath: `density/${name}-{track_id}` });
  console.log((await client.startTrackEgress(room, file, trackSid)).egressId);
}

async function webLatency(page) {
  const start = Date.now();
  const { egressId } = await client.startWebEgress(page, { file: new EncodedFileOutput({ filepath: 'latency/' }) });
  for (;;) {
    const info = await statusOf(egressId);
    if (info.status === EgressStatus.EGRESS_ACTIVE) {
      console.log(`${Date.now() - start} ${egressId}`);
      return;
    }
    if (ENDED.includes(info.status)) {
      throw new Error(`${egressId} ended ${EgressStatus[info.status]}: ${info.error}`);
    }
    await sleep(20);
  }
}

// An egress that ended on its own meanwhile is left as it is (its result says how it ended).
async function stopOne(id) {
  try {
    await client.stopEgress(id);
  } catch (e) {
    if (!ENDED.includes((await statusOf(id)).status)) {
      throw e;
    }
  }
}

async function stop(ids) {
  await Promise.all(ids.map(stopOne));
  for (const id of ids) {
    while (!ENDED.includes((await statusOf(id)).status)) {
      await sleep(200);
    }
  }
}

async function results(ids) {
  for (const id of ids) {
    const info = await statusOf(id);
    const location = (info.fileResults[0] || {}).location || '-';
    console.log(`${id} ${EgressStatus[info.status]} ${location}`);
  }
}

const commands = { track, 'web-latency': webLatency, stop: (...ids) => stop(ids), results: (...ids) => results(ids) };
commands[command](...args).catch((e) => {
  console.error(`egress-api.js ${command}: ${e.message || e}`);
  process.exit(1);
});
