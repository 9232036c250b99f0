// LiveKit's own protobuf-es build of its schema (@livekit/protocol), driven by LivekitProtocolWireTest:
//   node wire.cjs encode          prints "<label> <type> <hex>" for each sample message below
//   node wire.cjs decode          reads "<label> <type> <hex>" lines and prints "<label> <toJson()>"
//   node wire.cjs schema <type>…  prints one JSON line per type: its fields, or its enum values
// Types are full proto names (livekit.EgressInfo). NODE_PATH must reach the installed @livekit/protocol.
'use strict';

const lk = require('@livekit/protocol');

const typesByName = new Map();
for (const value of Object.values(lk)) {
  if (value && typeof value.typeName === 'string' && typeof value.fromBinary === 'function') {
    typesByName.set(value.typeName, value);
  }
}

function messageType(name) {
  const type = typesByName.get(name);
  if (!type) {
    throw new Error(`@livekit/protocol has no message ${name}`);
  }
  return type;
}

const s3 = {
  accessKey: 'AK', secret: 'SK', region: 'eu-west-1', endpoint: 'https://s3.example', bucket: 'recordings',
  forcePathStyle: true, metadata: { team: 'a' }, tagging: 'k=v', contentDisposition: 'inline',
  proxy: { url: 'http://proxy:3128', username: 'pu', password: 'pp' }, sessionToken: 'ST',
  assumeRoleArn: 'arn:aws:iam::1:role/r', assumeRoleExternalId: 'ext',
};
const gcp = { credentials: '{"type":"service_account"}', bucket: 'gcs-bucket', proxy: { url: 'http://proxy:8080' } };
const azure = { accountName: 'acct', accountKey: 'key==', containerName: 'box' };
const aliOSS = { accessKey: 'AA', secret: 'AS', region: 'oss-cn-hangzhou', endpoint: 'https://oss.example', bucket: 'ob' };
const webhooks = [{ url: 'https://hooks.example/egress', signingKey: 'APIkey1' }];

const v2Template = new lk.StartEgressRequest({
  roomName: 'room-v2',
  source: { case: 'template', value: { layout: 'speaker', audioOnly: false, videoOnly: true, customBaseUrl: 'https://t.example/' } },
  encoding: { case: 'preset', value: lk.EncodingOptionsPreset.PORTRAIT_H264_1080P_60 },
  outputs: [
    { config: { case: 'file', value: { fileType: lk.EncodedFileType.MP4, filepath: 'rec/{room_name}.mp4', disableManifest: true } },
      storage: { provider: { case: 's3', value: s3 } } },
    { config: { case: 'stream', value: { protocol: lk.StreamProtocol.RTMP, urls: ['rtmp://a/live/k1', 'rtmp://b/live/k2'] } } },
    { config: { case: 'segments', value: { protocol: lk.SegmentedFileProtocol.HLS_PROTOCOL, filenamePrefix: 'seg/x',
      playlistName: 'p.m3u8', livePlaylistName: 'live.m3u8', segmentDuration: 4,
      filenameSuffix: lk.SegmentedFileSuffix.TIMESTAMP } } },
    { config: { case: 'images', value: { captureInterval: 5, width: 640, height: 360, filenamePrefix: 'img/x',
      filenameSuffix: lk.ImageFileSuffix.IMAGE_SUFFIX_NONE_OVERWRITE, imageCodec: lk.ImageCodec.IC_JPEG } } },
  ],
  storage: { provider: { case: 'gcp', value: gcp } },
  webhooks,
});

const v2Web = new lk.StartEgressRequest({
  source: { case: 'web', value: { url: 'https://page.example/x', audioOnly: true, awaitStartSignal: true } },
  encoding: { case: 'advanced', value: { width: 1920, height: 1080, depth: 24, framerate: 60,
    audioCodec: lk.AudioCodec.OPUS, audioBitrate: 96, audioFrequency: 48000, videoCodec: lk.VideoCodec.H264_HIGH,
    videoBitrate: 6000, keyFrameInterval: 2.5 } },
  outputs: [{ config: { case: 'file', value: { fileType: lk.EncodedFileType.OGG, filepath: 'a.ogg' } } }],
  storage: { provider: { case: 'aliOSS', value: aliOSS } },
});

const v2Media = new lk.StartEgressRequest({
  roomName: 'room-media',
  source: { case: 'media', value: {
    video: { case: 'participantVideo', value: { identity: 'alice', preferScreenShare: true } },
    audio: { captureAll: true, routes: [
      { match: { case: 'trackId', value: 'TR_audio1' }, channel: lk.AudioChannel.LEFT },
      { match: { case: 'participantIdentity', value: 'bob' }, channel: lk.AudioChannel.RIGHT },
      { match: { case: 'participantKind', value: lk.ParticipantInfo_Kind.AGENT }, channel: lk.AudioChannel.BOTH },
    ] },
  } },
  encoding: { case: 'preset', value: lk.EncodingOptionsPreset.PASSTHROUGH },
  outputs: [{ config: { case: 'file', value: { fileType: lk.EncodedFileType.MP4, filepath: 'm.mp4' } } }],
  storage: { provider: { case: 'azure', value: azure } },
});

const v2MediaTrack = new lk.StartEgressRequest({
  roomName: 'room-media',
  source: { case: 'media', value: { video: { case: 'videoTrackId', value: 'TR_video1' }, audio: {} } },
  outputs: [{ config: { case: 'stream', value: { protocol: lk.StreamProtocol.SRT, urls: ['srt://host:9000'] } } }],
});

const roomComposite = new lk.RoomCompositeEgressRequest({
  roomName: 'room-v1', layout: 'grid-dark', audioOnly: false, videoOnly: false, customBaseUrl: 'https://c.example',
  audioMixing: lk.AudioMixing.DUAL_CHANNEL_AGENT,
  options: { case: 'preset', value: lk.EncodingOptionsPreset.H264_1080P_60 },
  fileOutputs: [{ fileType: lk.EncodedFileType.MP4, filepath: 'f.mp4', output: { case: 's3', value: s3 } }],
  streamOutputs: [{ protocol: lk.StreamProtocol.RTMP, urls: ['rtmps://live.example/app/key'] }],
  segmentOutputs: [{ filenamePrefix: 'hls/x', playlistName: 'index.m3u8', segmentDuration: 6,
    output: { case: 'azure', value: azure } }],
  imageOutputs: [{ captureInterval: 10, width: 320, height: 180, filenamePrefix: 'thumb',
    filenameSuffix: lk.ImageFileSuffix.IMAGE_SUFFIX_TIMESTAMP, output: { case: 'gcp', value: gcp } }],
  webhooks,
});

const web = new lk.WebEgressRequest({
  url: 'https://page.example/y', videoOnly: true, awaitStartSignal: true,
  options: { case: 'advanced', value: { width: 1280, height: 720, framerate: 30, videoCodec: lk.VideoCodec.VP8,
    audioCodec: lk.AudioCodec.AC_MP3, keyFrameInterval: 1 } },
  fileOutputs: [{ fileType: lk.EncodedFileType.MP3, filepath: 'w.mp3', output: { case: 'aliOSS', value: aliOSS } }],
  streamOutputs: [{ protocol: lk.StreamProtocol.SRT, urls: ['srt://h:1'] }],
});

const participant = new lk.ParticipantEgressRequest({
  roomName: 'room-p', identity: 'carol', screenShare: true,
  options: { case: 'preset', value: lk.EncodingOptionsPreset.PORTRAIT_H264_720P_30 },
  fileOutputs: [{ fileType: lk.EncodedFileType.MP4, filepath: 'p.mp4' }],
  segmentOutputs: [{ filenamePrefix: 'ps', filenameSuffix: lk.SegmentedFileSuffix.INDEX }],
  imageOutputs: [{ captureInterval: 2 }],
  webhooks,
});

const trackComposite = new lk.TrackCompositeEgressRequest({
  roomName: 'room-tc', audioTrackId: 'TR_a', videoTrackId: 'TR_v',
  options: { case: 'preset', value: lk.EncodingOptionsPreset.H264_720P_60 },
  streamOutputs: [{ protocol: lk.StreamProtocol.RTMP, urls: ['rtmp://x/y'] }],
  segmentOutputs: [{ filenamePrefix: 'tc', playlistName: 'tc.m3u8' }],
});

const trackWebsocket = new lk.TrackEgressRequest({
  roomName: 'room-t', trackId: 'TR_ws', output: { case: 'websocketUrl', value: 'wss://sink.example/audio' },
});

const trackFile = new lk.TrackEgressRequest({
  roomName: 'room-t', trackId: 'TR_file',
  output: { case: 'file', value: { filepath: 'tracks/{track_id}', disableManifest: true,
    output: { case: 's3', value: { bucket: 'b', region: 'r' } } } },
  webhooks,
});

// Unix nanoseconds past 2^53, so that a lossy int64 would show.
const t0 = 1767225600123456789n;
const fullInfo = new lk.EgressInfo({
  egressId: 'EG_abcdefghijkl', roomId: 'RM_xyz', roomName: 'room-v2',
  sourceType: lk.EgressSourceType.SDK, status: lk.EgressStatus.EGRESS_COMPLETE,
  startedAt: t0, endedAt: t0 + 60000000000n, updatedAt: t0 + 60000000001n,
  request: { case: 'egress', value: v2Template },
  streamResults: [{ url: 'rtmp://a/live/{k1}', startedAt: t0, endedAt: t0 + 5n, duration: 5n,
    status: lk.StreamInfo_Status.FAILED, error: 'connection refused', lastRetryAt: t0 + 3n, retries: 2 }],
  fileResults: [{ filename: 'rec/room-v2.mp4', startedAt: t0, endedAt: t0 + 7n, duration: 7n, size: 123456789012n,
    location: 'https://bucket/rec/room-v2.mp4' }],
  segmentResults: [{ playlistName: 'seg/p.m3u8', livePlaylistName: 'seg/live.m3u8', duration: 8n, size: 9n,
    playlistLocation: 'https://bucket/seg/p.m3u8', livePlaylistLocation: 'https://bucket/seg/live.m3u8',
    segmentCount: 15n, startedAt: t0, endedAt: t0 + 8n }],
  imageResults: [{ imageCount: 12n, startedAt: t0, endedAt: t0 + 9n, filenamePrefix: 'img/x' }],
  error: 'some output failed', errorCode: 500, details: 'end reason', manifestLocation: 'https://bucket/m.json',
  backupStorageUsed: true, retryCount: 1,
});

const legacyInfo = new lk.EgressInfo({
  egressId: 'EG_legacy', status: lk.EgressStatus.EGRESS_ACTIVE,
  request: { case: 'roomComposite', value: roomComposite },
  result: { case: 'segments', value: { playlistName: 'old.m3u8', segmentCount: 3n } },
});

const samples = [
  ['v2-template', v2Template],
  ['v2-web', v2Web],
  ['v2-media', v2Media],
  ['v2-media-track', v2MediaTrack],
  ['room-composite', roomComposite],
  ['web', web],
  ['participant', participant],
  ['track-composite', trackComposite],
  ['track-websocket', trackWebsocket],
  ['track-file', trackFile],
  ['egress-info', fullInfo],
  ['egress-info-legacy', legacyInfo],
  ['list-request', new lk.ListEgressRequest({ roomName: 'room-v2', egressId: 'EG_1', active: true,
    pageToken: { token: 'page-2' } })],
  ['list-response', new lk.ListEgressResponse({ items: [fullInfo, legacyInfo], nextPageToken: { token: 'page-3' } })],
  ['update-stream', new lk.UpdateStreamRequest({ egressId: 'EG_1', addOutputUrls: ['rtmp://n/1'],
    removeOutputUrls: ['rtmp://o/1', 'rtmp://o/2'] })],
  ['update-layout', new lk.UpdateLayoutRequest({ egressId: 'EG_1', layout: 'single-speaker' })],
  ['stop', new lk.StopEgressRequest({ egressId: 'EG_1' })],
  ['webhook', new lk.WebhookEvent({ event: 'egress_ended', id: 'EV_1', createdAt: 1767225600n,
    room: { sid: 'RM_xyz', name: 'room-v2' }, egressInfo: legacyInfo })],
  ['signal-join', new lk.SignalResponse({ message: { case: 'join', value: {
    room: { sid: 'RM_xyz', name: 'room-v2', numParticipants: 2 },
    participant: { sid: 'PA_me', identity: 'EG_abcdefghijkl', kind: lk.ParticipantInfo_Kind.EGRESS,
      permission: { canSubscribe: true, hidden: true, recorder: true } },
    otherParticipants: [{ sid: 'PA_alice', identity: 'alice', state: lk.ParticipantInfo_State.ACTIVE,
      tracks: [{ sid: 'TR_v', type: lk.TrackType.VIDEO, source: lk.TrackSource.CAMERA, mimeType: 'video/VP8',
        width: 640, height: 480, muted: true }] }],
    serverInfo: { version: '1.9.0', protocol: 16 }, pingInterval: 5, pingTimeout: 15,
  } } })],
  ['signal-trickle', new lk.SignalRequest({ message: { case: 'trickle', value: {
    candidateInit: '{"candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host"}', target: lk.SignalTarget.SUBSCRIBER,
  } } })],
];

function hex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

function describe(name) {
  const type = typesByName.get(name);
  if (type) {
    return { type: name, fields: type.fields.list().map((f) => ({
      number: f.no,
      name: f.name,
      kind: f.kind,
      type: f.kind === 'scalar' ? f.T : f.kind === 'map' ? 'map' : f.T.typeName,
      repeated: !!f.repeated,
      oneof: f.oneof ? f.oneof.name : '',
      optional: !!f.opt,
    })) };
  }
  const enumType = findEnum(name);
  if (enumType) {
    return { type: name, values: enumType.values.map((v) => ({ number: v.no, name: v.name })) };
  }
  return { type: name, missing: true };
}

// Enums are reachable through the fields that use them.
function findEnum(name) {
  for (const type of typesByName.values()) {
    for (const f of type.fields.list()) {
      if (f.kind === 'enum' && f.T.typeName === name) {
        return f.T;
      }
    }
  }
  return undefined;
}

function main() {
  const mode = process.argv[2];
  if (mode === 'encode') {
    for (const [label, message] of samples) {
      console.log(`${label} ${message.getType().typeName} ${hex(message.toBinary())}`);
    }
  } else if (mode === 'decode') {
    const input = require('fs').readFileSync(0, 'utf8');
    for (const line of input.split('\n').filter((l) => l.trim() !== '')) {
      const [label, name, data] = line.trim().split(' ');
      const message = messageType(name).fromBinary(Buffer.from(data ?? '', 'hex'));
      console.log(`${label} ${message.toJsonString()}`);
    }
  } else if (mode === 'schema') {
    for (const name of process.argv.slice(3)) {
      console.log(JSON.stringify(describe(name)));
    }
  } else {
    throw new Error('usage: wire.cjs encode | decode | schema <type>...');
  }
}

main();
