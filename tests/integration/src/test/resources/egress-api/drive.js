// Drives egress4j's Egress API with LiveKit's own Node server SDK (livekit-server-sdk, not written here) and prints
// what it saw as one line: RESULT <json>.
//   node drive.js <api url> <api key> <api secret> <page url> <rtmp url> <second rtmp url>
const { EgressClient, EgressStatus, EncodedFileOutput, StreamOutput, StreamProtocol, AccessToken } =
  require('livekit-server-sdk');
const crypto = require('crypto');

const [url, key, secret, page, rtmp, secondRtmp] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const statusName = (info) => EgressStatus[info.status];
const STREAM_STATUS = ['ACTIVE', 'FINISHED', 'FAILED'];
const streams = (info) => info.streamResults.map((stream) => stream.url + ' ' + STREAM_STATUS[stream.status]);

/** A JWT signed HS256, as any client could mint one. */
function jwt(claims, signingSecret) {
  const part = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const unsigned = part({ alg: 'HS256', typ: 'JWT' }) + '.' + part(claims);
  return unsigned + '.' + crypto.createHmac('sha256', signingSecret).update(unsigned).digest('base64url');
}

/** The HTTP status of a ListEgress call made with {@code token}. */
async function statusWith(token) {
  const response = await fetch(url + '/twirp/livekit.Egress/ListEgress', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: '{}',
  });
  return response.status;
}

async function until(client, egressId, wanted, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    const [info] = await client.listEgress({ egressId });
    if (wanted.includes(statusName(info))) {
      return info;
    }
    await sleep(250);
  }
  throw new Error(egressId + ' did not reach ' + wanted + ' in ' + seconds + ' s');
}

(async () => {
  const result = {};
  const client = new EgressClient(url, key, secret);
  const started = await client.startWebEgress(page, {
    file: new EncodedFileOutput({ filepath: 'api/{time}.mp4' }),
    stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [rtmp] }),
  });
  const egressId = started.egressId;
  result.started = { egressId, status: statusName(started) };
  const active = await until(client, egressId, ['EGRESS_ACTIVE'], 60);
  result.active = streams(active);
  result.listedById = (await client.listEgress({ egressId })).length;
  result.listedActive = (await client.listEgress({ active: true })).map((info) => info.egressId);
  const added = await client.updateStream(egressId, [secondRtmp], []);
  result.afterAdd = streams(added);
  await sleep(3000);
  const removed = await client.updateStream(egressId, [], [rtmp]);
  result.afterRemove = streams(removed);
  await sleep(2000);
  result.stopped = statusName(await client.stopEgress(egressId));
  const ended = await until(client, egressId, ['EGRESS_COMPLETE', 'EGRESS_FAILED'], 60);
  result.ended = {
    status: statusName(ended),
    error: ended.error,
    files: ended.fileResults.map((file) => file.location),
  };
  try {
    await client.stopEgress(egressId);
    result.stopAgain = 'accepted';
  } catch (e) {
    result.stopAgain = e.code + ': ' + e.message;
  }
  try {
    await client.listEgress({ egressId: 'EG_unknown12345' });
    result.unknown = 'listed';
  } catch (e) {
    result.unknown = e.code;
  }

  const now = Math.floor(Date.now() / 1000);
  const withoutRecord = new AccessToken(key, secret, { identity: 'viewer' });
  withoutRecord.addGrant({ roomJoin: true, room: 'any' });
  result.refused = {
    otherSecret: await new EgressClient(url, key, 'another-secret-0123456789').listEgress({})
      .then(() => 200, (e) => e.status),
    withoutRoomRecord: await statusWith(await withoutRecord.toJwt()),
    expired: await statusWith(jwt({ iss: key, exp: now - 3600, video: { roomRecord: true } }, secret)),
    withoutExp: await statusWith(jwt({ iss: key, video: { roomRecord: true } }, secret)),
  };
  console.log('RESULT ' + JSON.stringify(result));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
