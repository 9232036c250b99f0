// egress4j's built-in room composite template. The egress opens it as <base>?layout=&url=&token= and records the
// window: every remote camera and screen share laid out by the layout, every remote audio track playing.
// The contract is upstream's: START_RECORDING once the first video frame is decoded (or, with only audio, once a
// track is subscribed), END_RECORDING when the room disconnects (the egress SDK logs both), div.error when it cannot
// join (after three attempts), and the layout follows the recorder's metadata {"layout": "..."} (UpdateLayout).
import { Room, RoomEvent, Track } from 'livekit-client';
import EgressHelper from '@livekit/egress-sdk';
import { effectiveLayout, gridColumns, sortForLayout, themeOf } from './layouts.js';

const AUDIO_ONLY_START_MS = 500;
const FRAME_DECODE_TIMEOUT_MS = 5000;
const CONNECT_ATTEMPTS = 3;
const CONNECT_RETRY_DELAY_MS = 1000;

const roomElement = document.getElementById('room');
const audioElement = document.getElementById('audio');
const videoElements = new Map(); // track sid -> <video>, reused across renders

let layout = '';
let room;

function showError(message) {
  roomElement.replaceChildren();
  const error = document.createElement('div');
  error.className = 'error';
  error.textContent = message;
  roomElement.appendChild(error);
}

/** Every subscribed remote video track, as the layouts need them. */
function videoTracks() {
  const tracks = [];
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.videoTrackPublications.values()) {
      if (publication.track) {
        tracks.push({
          sid: publication.trackSid,
          track: publication.track,
          muted: publication.isMuted,
          screenShare: publication.source === Track.Source.ScreenShare,
          joinedAt: participant.joinedAt ? participant.joinedAt.getTime() : 0,
          speaking: participant.isSpeaking,
          audioLevel: participant.audioLevel,
          lastSpokeAt: participant.lastSpokeAt ? participant.lastSpokeAt.getTime() : 0,
        });
      }
    }
  }
  return tracks;
}

function tile(entry) {
  const element = document.createElement('div');
  element.className = 'tile' + (entry.screenShare ? ' screen' : '') + (entry.muted ? ' muted' : '');
  let video = videoElements.get(entry.sid);
  if (!video) {
    video = entry.track.attach();
    video.muted = true; // the sound comes from the audio tracks
    videoElements.set(entry.sid, video);
  }
  element.appendChild(video);
  return element;
}

function render() {
  const tracks = videoTracks();
  const current = effectiveLayout(layout, tracks.some((t) => t.screenShare));
  roomElement.className = 'roomContainer ' + themeOf(layout);
  const sorted = sortForLayout(tracks);
  let content;
  if (current.startsWith('speaker') || current.startsWith('single-speaker')) {
    content = document.createElement('div');
    const [main, ...others] = sorted;
    const strip = current.startsWith('speaker') && others.length > 0;
    content.className = 'focus' + (strip ? '' : ' alone');
    if (strip) {
      const stripElement = document.createElement('div');
      stripElement.className = 'strip';
      others.forEach((entry) => stripElement.appendChild(tile(entry)));
      content.appendChild(stripElement);
    }
    const mainElement = document.createElement('div');
    mainElement.className = 'main';
    if (main) {
      mainElement.appendChild(tile(main));
    }
    content.appendChild(mainElement);
  } else {
    const shown = sorted.slice(0, 25);
    const columns = gridColumns(shown.length);
    content = document.createElement('div');
    content.className = 'grid';
    content.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
    content.style.gridTemplateRows = `repeat(${Math.max(1, Math.ceil(shown.length / columns))}, 1fr)`;
    shown.forEach((entry) => content.appendChild(tile(entry)));
  }
  roomElement.replaceChildren(content);
  for (const [sid, video] of videoElements) {
    if (!tracks.some((t) => t.sid === sid)) {
      video.remove();
      videoElements.delete(sid);
    }
  }
}

async function anyFrameDecoded() {
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.videoTrackPublications.values()) {
      const stats = publication.track ? await publication.track.getRTCStatsReport() : undefined;
      for (const report of stats ? stats.values() : []) {
        if (report.type === 'inbound-rtp' && report.framesDecoded > 0) {
          return true;
        }
      }
    }
  }
  return false;
}

/** Logs START_RECORDING once there is something to record, as the upstream template decides it. */
function awaitFirstFrame() {
  const since = Date.now();
  const timer = setInterval(async () => {
    let subscribed = false;
    let hasVideo = false;
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        subscribed ||= publication.isSubscribed;
        hasVideo ||= publication.kind === Track.Kind.Video;
      }
    }
    const waited = Date.now() - since;
    if ((subscribed && await anyFrameDecoded())
        || (subscribed && !hasVideo && waited > AUDIO_ONLY_START_MS)
        || (subscribed && waited > FRAME_DECODE_TIMEOUT_MS)) {
      clearInterval(timer);
      EgressHelper.startRecording();
    }
  }, 100);
}

async function main() {
  let url;
  let token;
  try {
    url = EgressHelper.getLiveKitURL();
    token = EgressHelper.getAccessToken();
  } catch (missing) {
    showError('missing required params url and token');
    return;
  }
  layout = EgressHelper.getLayout();
  EgressHelper.onLayoutChanged((changed) => {
    layout = changed;
    render();
  });
  // Two peer connections (v0 signalling): every LiveKit server speaks it, and the client skips the v1 attempt.
  room = new Room({ adaptiveStream: false, dynacast: false, singlePeerConnection: false });
  room
    .on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === Track.Kind.Audio) {
        audioElement.appendChild(track.attach());
      }
      render();
    })
    .on(RoomEvent.TrackUnsubscribed, (track) => {
      if (track.kind === Track.Kind.Audio) {
        track.detach().forEach((element) => element.remove());
      }
      render();
    })
    // Unsubscribed fires while the publication is still listed; Unpublished once it is gone.
    .on(RoomEvent.TrackUnpublished, render)
    .on(RoomEvent.ParticipantConnected, render)
    .on(RoomEvent.ParticipantDisconnected, render)
    .on(RoomEvent.TrackMuted, render)
    .on(RoomEvent.TrackUnmuted, render)
    .on(RoomEvent.ActiveSpeakersChanged, render);
  try {
    await connectWithRetries(url, token);
  } catch (error) {
    showError(error.message || String(error));
    return;
  }
  // Once connected, as the SDK asks: from here a disconnection ends the recording, and the recorder's metadata
  // (the layout) applies at once.
  EgressHelper.setRoom(room);
  render();
  awaitFirstFrame();
}

/** A first connection that fails (a peer connection that did not come up in time) is tried again. */
async function connectWithRetries(url, token) {
  for (let attempt = 1; ; attempt++) {
    try {
      await room.connect(url, token, { autoSubscribe: true });
      return;
    } catch (error) {
      if (attempt === CONNECT_ATTEMPTS) {
        throw error;
      }
      console.warn(`could not join the room (attempt ${attempt} of ${CONNECT_ATTEMPTS}): ${error.message || error}`);
      await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_DELAY_MS));
    }
  }
}

main();
