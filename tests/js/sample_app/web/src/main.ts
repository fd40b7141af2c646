// A one-page video call: preview, join, remote tiles, chat over a data track, screen share.
import Video, {
  LocalDataTrack,
  LocalVideoTrack,
  createLocalTracks,
  isSupported,
} from 'twilio-video';
import type { RemoteParticipant, Room } from 'twilio-video';

const tiles = new Map<string, HTMLElement>();
let current: Room | null = null;
let screen: LocalVideoTrack | null = null;
const chat = new LocalDataTrack();

function log(line: string): void {
  const out = document.getElementById('log');
  if (out) out.textContent += line + '\n';
}

function showParticipant(participant: RemoteParticipant): void {
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

function hideParticipant(participant: RemoteParticipant): void {
  tiles.get(participant.sid)?.remove();
  tiles.delete(participant.sid);
}

export async function join(token: string, roomName: string): Promise<Room> {
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
  room.on('dominantSpeakerChanged', (speaker: RemoteParticipant | null) => {
    log(`speaking: ${speaker ? speaker.identity : 'nobody'}`);
  });
  room.on('trackMessage', (text: string) => log(`chat: ${text}`));
  room.on('reconnecting', () => log('reconnecting'));
  room.on('reconnected', () => log('reconnected'));
  room.on('disconnected', () => log('left'));
  log(`joined ${room.name}`);
  return room;
}

export function say(text: string): void {
  chat.send(text);
}

export async function toggleScreen(): Promise<void> {
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

export function mute(on: boolean): void {
  current?.localParticipant.audioTracks.forEach((publication) => {
    if (on) publication.track.disable();
    else publication.track.enable();
  });
}

export function leave(): void {
  current?.localParticipant.videoTracks.forEach((publication) => {
    publication.track.detach().forEach((element) => element.remove());
  });
  current?.disconnect();
  current = null;
}

declare global {
  interface Window {
    SAMPLE_TOKEN?: string;
    SAMPLE_ROOM?: string;
  }
}

window.addEventListener('load', () => {
  if (window.SAMPLE_TOKEN) {
    join(window.SAMPLE_TOKEN, window.SAMPLE_ROOM ?? 'lobby').catch((error: unknown) => log(String(error)));
  }
  document.getElementById('leave')?.addEventListener('click', leave);
  document.getElementById('share')?.addEventListener('click', () => void toggleScreen());
});
