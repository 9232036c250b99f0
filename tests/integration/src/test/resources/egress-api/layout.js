// Records a room composite through egress4j's Egress API with LiveKit's Node server SDK, switches its layout with
// UpdateLayout halfway, and prints what it saw as one line: RESULT <json>.
//   node layout.js <api url> <api key> <api secret> <room> <first layout> <second layout> <seconds per layout>
const { EgressClient, EgressStatus, EncodedFileOutput } = require('livekit-server-sdk');

const [url, key, secret, room, first, second, seconds] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(client, egressId, wanted, limit) {
  for (let i = 0; i < limit * 4; i++) {
    const [info] = await client.listEgress({ egressId });
    if (wanted.includes(EgressStatus[info.status])) {
      return info;
    }
    await sleep(250);
  }
  throw new Error(egressId + ' did not reach ' + wanted + ' in ' + limit + ' s');
}

(async () => {
  const client = new EgressClient(url, key, secret);
  const started = await client.startRoomCompositeEgress(room,
    { file: new EncodedFileOutput({ filepath: 'layout/{room_name}.mp4' }) }, { layout: first });
  const egressId = started.egressId;
  await until(client, egressId, ['EGRESS_ACTIVE'], 60);
  await sleep(Number(seconds) * 1000);
  const switched = await client.updateLayout(egressId, second);
  await sleep(Number(seconds) * 1000);
  await client.stopEgress(egressId);
  const ended = await until(client, egressId, ['EGRESS_COMPLETE', 'EGRESS_FAILED'], 60);
  console.log('RESULT ' + JSON.stringify({
    egressId,
    switched: { egressId: switched.egressId, status: EgressStatus[switched.status] },
    ended: EgressStatus[ended.status],
    error: ended.error,
    file: ended.fileResults.map((file) => file.location)[0],
  }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
