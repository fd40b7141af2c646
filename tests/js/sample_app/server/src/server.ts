// Token and room-control endpoints for the sample video page.
import { createServer } from 'node:http';
import twilio from 'twilio';

const { AccessToken } = twilio.jwt;
const { VideoGrant } = AccessToken;

/** A token for `identity` to join `room`, valid for an hour. */
export function tokenFor(identity: string, room: string): string {
  const token = new AccessToken(
    process.env.TWILIO_ACCOUNT_SID ?? '',
    process.env.TWILIO_API_KEY ?? '',
    process.env.TWILIO_API_SECRET ?? '',
    { identity, ttl: 3600 },
  );
  token.addGrant(new VideoGrant({ room }));
  return token.toJwt();
}

/** Ends a room for everyone in it. */
export async function endRoom(sid: string): Promise<void> {
  const client = twilio(process.env.TWILIO_API_KEY, process.env.TWILIO_API_SECRET, {
    accountSid: process.env.TWILIO_ACCOUNT_SID,
  });
  await client.video.v1.rooms(sid).update({ status: 'completed' });
}

export function serve(port: number): void {
  createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/token') {
      const body = JSON.stringify({
        token: tokenFor(url.searchParams.get('identity') ?? 'guest', url.searchParams.get('room') ?? 'lobby'),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      return;
    }
    response.writeHead(404).end();
  }).listen(port);
}
