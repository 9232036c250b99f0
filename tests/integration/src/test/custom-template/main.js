// A custom room composite template as LiveKit users write them with @livekit/egress-sdk: the first camera in the
// middle of a magenta page, every microphone playing. The egress opens it with ?url=&token=&layout=.
import { Room, RoomEvent, Track } from 'livekit-client';
import EgressHelper from '@livekit/egress-sdk';

const stage = document.getElementById('stage');
const room = new Room({ adaptiveStream: false, dynacast: false });

room.on(RoomEvent.TrackSubscribed, (track) => {
  if (track.kind === Track.Kind.Audio) {
    document.body.appendChild(track.attach());
  } else if (!stage.firstChild) {
    const video = track.attach();
    video.muted = true;
    // START_RECORDING once there is a picture to record.
    video.addEventListener('playing', () => EgressHelper.startRecording(), { once: true });
    stage.appendChild(video);
  }
});
EgressHelper.setRoom(room);
room.connect(EgressHelper.getLiveKitURL(), EgressHelper.getAccessToken(), { autoSubscribe: true });
