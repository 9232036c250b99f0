// Bundles a template: its main.js with livekit-client and the egress SDK into one app.js, and every other file of
// its source folder copied as is. The page then loads nothing from the internet.
//   node build.mjs                  the built-in template: src/ -> dist/
//   node build.mjs SRC OUT          any template (e.g. your own custom one) with this folder's pinned packages
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [source, out] = process.argv.length > 3 ? process.argv.slice(2, 4).map((p) => resolve(p))
  : [join(here, 'src'), join(here, 'dist')];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(source, 'main.js')],
  bundle: true,
  format: 'esm',
  target: 'chrome110',
  minify: true,
  legalComments: 'linked',
  outfile: join(out, 'app.js'),
  nodePaths: [join(here, 'node_modules')],
  logLevel: 'warning',
});
for (const file of readdirSync(source).filter((name) => !name.endsWith('.js'))) {
  copyFileSync(join(source, file), join(out, file));
}
console.log(`template built into ${out}`);
