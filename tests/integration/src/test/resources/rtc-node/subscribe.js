// Joins a LiveKit room with @livekit/rtc-node (a client nobody here wrote), subscribes to everything, counts the
// decoded audio and video frames it receives and prints them as one line: RESULT <json>.
//   node subscribe.js <ws_url> <token> <seconds>
const { Room, RoomEvent, AudioStream, VideoStream, TrackKind } = require('@livekit/rtc-node');
const [url, token, seconds] = process.argv.slice(2);
const counts = { audioFrames: 0, videoFrames: 0, tracks: [] };
(async () => {
  const room = new Room();
  room.on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
    counts.tracks.push(participant.identity + ':' + publication.sid);
    const audio = track.kind === TrackKind.KIND_AUDIO;
    const stream = audio ? new AudioStream(track) : new VideoStream(track);
    (async () => { for await (const frame of stream) { audio ? counts.audioFrames++ : counts.videoFrames++; } })()
      .catch(() => {});
  });
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
  console.log('RESULT ' + JSON.stringify(counts));
  await room.disconnect();
  process.exit(0);
})().catch((error) => { console.error(String(error)); process.exit(1); });
