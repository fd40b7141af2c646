const twilio = require('./zoomVideoServer');

const client = twilio(process.env.SID, process.env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/sessions/{sessionId}/users?type=live|past (docs/mapping.md#video-participants-list)
client.video.v1.rooms('RM1').participants.list();
