// The same token endpoint for a Node back end, on the twilio npm package.
const twilio = require('twilio');

const { AccessToken } = twilio.jwt;
const { VideoGrant } = AccessToken;

/** A token for `identity` to join `room`, valid for an hour. */
function tokenFor(identity, room) {
  const token = new AccessToken(
    process.env.TWILIO_ACCOUNT_SID,
    process.env.TWILIO_API_KEY_SID,
    process.env.TWILIO_API_KEY_SECRET,
    { identity, ttl: 3600 },
  );
  token.addGrant(new VideoGrant({ room }));
  return token.toJwt();
}

module.exports = { tokenFor };
