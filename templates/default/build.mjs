// Bundles the template into dist/: index.html, style.css and one app.js with livekit-client and the egress SDK.
// The page then loads nothing from the internet.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  target: 'chrome110',
  minify: true,
  legalComments: 'linked',
  outfile: 'dist/app.js',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) {
  copyFileSync(`src/${file}`, `dist/${file}`);
}
console.log('template built into dist/');
