// ListEgress by ID with LiveKit's Node server SDK; prints RESULT {"items": [{"status": ...}]}.
//   node list.js <api url> <api key> <api secret> <egress id>
const { EgressClient, EgressStatus } = require('livekit-server-sdk');

const [url, key, secret, egressId] = process.argv.slice(2);
new EgressClient(url, key, secret).listEgress({ egressId }).then((items) => console.log('RESULT ' + JSON.stringify({
  items: items.map((info) => ({ status: EgressStatus[info.status] })),
})));
