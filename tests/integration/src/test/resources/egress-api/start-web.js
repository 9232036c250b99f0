// Starts a web egress to a file and thumbnails through egress4j's Egress API with LiveKit's Node server SDK and prints
// RESULT {"egressId": ...} once the API answered.
//   node start-web.js <api url> <api key> <api secret> <page url>
const { EgressClient, EncodedFileOutput, ImageOutput } = require('livekit-server-sdk');

const [url, key, secret, page] = process.argv.slice(2);
new EgressClient(url, key, secret)
  .startWebEgress(page, {
    file: new EncodedFileOutput({ filepath: 'console/{time}.mp4' }),
    images: new ImageOutput({ captureInterval: 1, width: 320, height: 180, filenamePrefix: 'console/thumb' }),
  })
  .then((info) => console.log('RESULT ' + JSON.stringify({ egressId: info.egressId })))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
