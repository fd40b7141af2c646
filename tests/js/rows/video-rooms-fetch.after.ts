import twilio from './zoomVideoServer';

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/sessions/{sessionId}?type=live|past (by name: list with session_name) (docs/mapping.md#video-rooms-fetch)
client.video.v1.rooms('clinic').fetch();
