const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): PATCH /videosdk/sessions/{sessionId}/events {"method": "user.remove", "params": {"participant_uuid": ...}} (docs/mapping.md#video-participants-update)
client.video.v1.rooms('RM1').participants('PA1').update({ status: 'disconnected' });
