import twilio from './zoomVideoServer';

const client = twilio(process.env.SID, process.env.TOKEN);

client.video.v1.rooms('RM1').update({ status: 'completed' });
