const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/sessions?type=live|past&from&to&session_name (docs/mapping.md#video-rooms-list)
client.video.v1.rooms.list({ status: 'in-progress' });
