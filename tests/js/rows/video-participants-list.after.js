const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/sessions/{sessionId}/users?type=live|past (docs/mapping.md#video-participants-list)
client.video.v1.rooms('RM1').participants.list();
