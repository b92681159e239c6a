#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/etcdctl-ts.cjs. One file starts faster than a
// module graph (no per-module resolution), and CommonJS lets bin/etcdctl-ts compile it through
// vm.Script with a V8 code cache. Modules imported with import() stay lazy inside the bundle.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// grpc-js requires @grpc/proto-loader (and with it protobufjs 7) only to serve channelz, a
// server-side feature. Leaving it out saves ~375 KiB of parsing at every start; the stub
// fails loudly should anything ever call it.
const noProtoLoader = {
  name: 'no-proto-loader',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: 'proto-loader', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "module.exports = new Proxy({}, { get(_t, k) { if (k === '__esModule') return false; throw new Error('@grpc/proto-loader is not bundled (' + String(k) + ')'); } });",
      loader: 'js',
    }));
  },
};
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const result = await build({
  define: { __ETCDCTL_TS_VERSION__: JSON.stringify(version) },
  entryPoints: [join(root, 'src/bin.ts')],
  outfile: join(root, 'dist/etcdctl-ts.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [noProtoLoader],
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`bundle: dist/etcdctl-ts.cjs ${(bytes / 1024).toFixed(0)} KiB`);
