// Receives egress4j's webhooks and checks each with LiveKit's own WebhookReceiver (livekit-server-sdk), printing
// "PORT <n>" once listening, then one line per request: "EVENT <json>", or "REFUSED <why>" when the check fails.
//   node webhooks.js <api key> <api secret>
const http = require('http');
const { WebhookReceiver, EgressStatus } = require('livekit-server-sdk');

const [key, secret] = process.argv.slice(2);
const receiver = new WebhookReceiver(key, secret);
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const event = await receiver.receive(Buffer.concat(chunks).toString('utf8'), request.headers.authorization);
      console.log('EVENT ' + JSON.stringify({
        event: event.event,
        egressId: event.egressInfo.egressId,
        status: EgressStatus[event.egressInfo.status],
        room: event.room ? event.room.name : null,
        userAgent: request.headers['user-agent'],
        contentType: request.headers['content-type'],
      }));
    } catch (e) {
      console.log('REFUSED ' + e.message);
    }
    response.writeHead(200);
    response.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
