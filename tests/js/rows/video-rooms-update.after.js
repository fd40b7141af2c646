const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

client.video.v1.rooms('RM1').update({ status: 'completed' });
