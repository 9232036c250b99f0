// Drives egress4j's Egress API with LiveKit's Node server SDK for the cluster test, one step per run; each prints
// one line: RESULT <json>.
//   node cluster.js <api url> <api key> <api secret> start <count> <page url>   starts audio web egresses (each answered
//                                                                               once a worker claimed it)
//   node cluster.js <api url> <api key> <api secret> stop <egress id>...        stops them, waits until they end
//   node cluster.js <api url> <api key> <api secret> list <egress id>...        their statuses and errors
const { EgressClient, EgressStatus, EncodedFileOutput } = require('livekit-server-sdk');

const [url, key, secret, step, ...rest] = process.argv.slice(2);
const client = new EgressClient(url, key, secret);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ENDED = ['EGRESS_COMPLETE', 'EGRESS_FAILED', 'EGRESS_ABORTED', 'EGRESS_LIMIT_REACHED'];

async function statuses(ids) {
  const all = await client.listEgress({});
  return Object.fromEntries(all.filter((info) => ids.includes(info.egressId))
    .map((info) => [info.egressId, { status: EgressStatus[info.status], error: info.error }]));
}

async function until(ids, done, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    const now = await statuses(ids);
    if (ids.every((id) => now[id] && done(now[id].status))) {
      return now;
    }
    await sleep(250);
  }
  throw new Error('not all of ' + ids + ' got there in ' + seconds + ' s: ' + JSON.stringify(await statuses(ids)));
}

(async () => {
  if (step === 'start') {
    const [count, page] = rest;
    const ids = [];
    for (let i = 0; i < Number(count); i++) {
      const info = await client.startWebEgress(page, new EncodedFileOutput({ filepath: 'cluster/{time}.ogg' }),
        { audioOnly: true });
      ids.push(info.egressId);
    }
    console.log('RESULT ' + JSON.stringify({ ids }));
  } else if (step === 'stop') {
    for (const id of rest) {
      await client.stopEgress(id);
    }
    console.log('RESULT ' + JSON.stringify(await until(rest, (status) => ENDED.includes(status), 90)));
  } else {
    console.log('RESULT ' + JSON.stringify(await statuses(rest)));
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
