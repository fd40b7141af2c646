// Stand-in for @zoom/videosdk in the browser test only (swapped in by an esbuild alias):
// the real SDK's init() downloads its media engine from Zoom's CDN, which the test
// machine cannot reach. It records each call in window.__zoomCalls.
const calls = [];
window.__zoomCalls = calls;

function record(name, ...args) {
  calls.push({ name, args: JSON.parse(JSON.stringify(args, (_key, value) => (value instanceof Node ? value.nodeName : value))) });
}

function done(name, ...args) {
  record(name, ...args);
  return Promise.resolve('');
}

const commands = { send: (text) => done('command.send', text) };

export const VideoQuality = { Video_90P: 0, Video_180P: 1, Video_360P: 2, Video_720P: 3, Video_1080P: 4 };

const self = { userId: 100, displayName: '', bVideoOn: false, muted: false };
const peer = { userId: 200, displayName: 'peer', userIdentity: 'peer-identity', bVideoOn: true, muted: false };

const stream = {
  startAudio: (options) => done('startAudio', options ?? null),
  stopAudio: () => done('stopAudio'),
  muteAudio: () => done('muteAudio'),
  unmuteAudio: () => done('unmuteAudio'),
  startVideo: (options) => done('startVideo', options ?? null),
  stopVideo: () => done('stopVideo'),
  switchCamera: (id) => done('switchCamera', id),
  switchMicrophone: (id) => done('switchMicrophone', id),
  startShareScreen: (element) => done('startShareScreen', element),
  stopShareScreen: () => done('stopShareScreen'),
  isStartShareScreenWithVideoElement: () => true,
  attachVideo(userId, quality) {
    record('attachVideo', userId, quality);
    const player = document.createElement('video-player');
    // Where the page put the player once the promise settled: the real SDK renders only
    // inside a <video-player-container>.
    setTimeout(() => record('attachVideo.placed', userId, player.parentElement), 0);
    return Promise.resolve(player);
  },
  detachVideo(userId) {
    record('detachVideo', userId);
    return Promise.resolve([]);
  },
};

let client = null;

// Like the real SDK, every call returns the same client.
function createClient() {
  client = client ?? makeClient();
  return client;
}

function makeClient() {
  const handlers = new Map();
  let topic = '';
  return {
    init: (language, assets, options) => done('init', language, assets, options),
    join(sessionName, token, userName, password) {
      topic = sessionName;
      self.displayName = userName;
      return done('join', sessionName, token, userName, password ?? null);
    },
    getMediaStream: () => stream,
    getCurrentUserInfo: () => self,
    getAllUser: () => [self, peer],
    getUser: (id) => [self, peer].find((user) => user.userId === id),
    getSessionInfo: () => ({ topic, sessionId: 'session-1' }),
    on(event, listener) {
      record('on', event);
      handlers.set(event, listener);
    },
    off: (event) => handlers.delete(event),
    leave: (end) => done('leave', end ?? false),
    getCommandClient: () => commands,
  };
}

export default {
  createClient,
  checkSystemRequirements: () => ({ audio: true, video: true, screen: true }),
  createLocalVideoTrack: (deviceId) => ({
    start: (element) => done('preview.video.start', deviceId ?? null, element),
    stop: () => done('preview.video.stop'),
  }),
  createLocalAudioTrack: (deviceId) => ({
    start: () => done('preview.audio.start', deviceId ?? null),
    stop: () => done('preview.audio.stop'),
    mute: () => done('preview.audio.mute'),
    unmute: () => done('preview.audio.unmute'),
  }),
};
