// A one-page video call (the JavaScript twin of ../web): preview, join, remote tiles,
// chat over a data track, screen share.
import Video, {
  LocalDataTrack,
  LocalVideoTrack,
  createLocalTracks,
  isSupported,
} from 'twilio-video';

const tiles = new Map();
let current = null;
let screen = null;
const chat = new LocalDataTrack();

function log(line) {
  const out = document.getElementById('log');
  if (out) out.textContent += line + '\n';
}

function showParticipant(participant) {
  const tile = document.createElement('div');
  tile.id = `tile-${participant.sid}`;
  tile.dataset.identity = participant.identity;
  document.getElementById('remote')?.appendChild(tile);
  tiles.set(participant.sid, tile);
  participant.tracks.forEach((publication) => {
    if (publication.track && publication.track.kind === 'video') {
      tile.appendChild(publication.track.attach());
    }
  });
  participant.on('trackSubscribed', (track) => {
    if (track.kind === 'video') tile.appendChild(track.attach());
  });
  participant.on('trackUnsubscribed', (track) => {
    if (track.kind === 'video') track.detach().forEach((element) => element.remove());
  });
}

function hideParticipant(participant) {
  tiles.get(participant.sid)?.remove();
  tiles.delete(participant.sid);
}

export async function join(token, roomName) {
  if (!isSupported) throw new Error('this browser cannot join video calls');
  const [microphone, camera] = await createLocalTracks({ audio: true, video: true });
  document.getElementById('self')?.appendChild(camera.attach());
  const room = await Video.connect(token, {
    name: roomName,
    tracks: [microphone, camera, chat],
    dominantSpeaker: true,
  });
  current = room;
  room.participants.forEach(showParticipant);
  room.on('participantConnected', showParticipant);
  room.on('participantDisconnected', hideParticipant);
  room.on('dominantSpeakerChanged', (speaker) => {
    log(`speaking: ${speaker ? speaker.identity : 'nobody'}`);
  });
  room.on('trackMessage', (text) => log(`chat: ${text}`));
  room.on('reconnecting', () => log('reconnecting'));
  room.on('reconnected', () => log('reconnected'));
  room.on('disconnected', () => log('left'));
  log(`joined ${room.name}`);
  return room;
}

export function say(text) {
  chat.send(text);
}

export async function toggleScreen() {
  if (!current) return;
  if (screen) {
    current.localParticipant.unpublishTrack(screen);
    screen.stop();
    screen = null;
    return;
  }
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
  screen = new LocalVideoTrack(stream.getVideoTracks()[0], { name: 'screen' });
  await current.localParticipant.publishTrack(screen);
}

export function mute(on) {
  current?.localParticipant.audioTracks.forEach((publication) => {
    if (on) publication.track.disable();
    else publication.track.enable();
  });
}

export function leave() {
  current?.localParticipant.videoTracks.forEach((publication) => {
    publication.track.detach().forEach((element) => element.remove());
  });
  current?.disconnect();
  current = null;
}

/** @type {{SAMPLE_TOKEN?: string, SAMPLE_ROOM?: string}} */
const settings = /** @type {any} */ (window);

window.addEventListener('load', () => {
  if (settings.SAMPLE_TOKEN) {
    join(settings.SAMPLE_TOKEN, settings.SAMPLE_ROOM ?? 'lobby').catch((error) => log(String(error)));
  }
  document.getElementById('leave')?.addEventListener('click', leave);
  document.getElementById('share')?.addEventListener('click', () => void toggleScreen());
});
