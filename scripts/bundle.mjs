#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/etcdctl-ts.cjs. One file starts faster than a
// module graph (no per-module resolution), and CommonJS lets bin/etcdctl-ts compile it through
// vm.Script with a V8 code cache. Modules imported with import() stay lazy inside the bundle.
//
// A script run through vm.Script has no module loader: an `import()` left in the bundle fails at
// run time with "A dynamic import callback was not specified" (this hid behind in-process tests
// while `txn -i`, `watch -i`, `dev-cluster` and the password prompt failed for users). So esbuild
// is told the target has no dynamic import: a lazy import of a bundled module becomes a lazy
// init call, and one of a Node builtin `Promise.resolve().then(() => require(…))` — still lazy.
// The build then fails if any `import(` of a module is left in the output.
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
// grpc-js's StreamDecoder is scripts/bundle/grpc-js-stream-decoder.cjs: the same decoder,
// copying each chunk into the message as it arrives instead of concatenating at the end (see there).
const streamDecoder = {
  name: 'grpc-js-stream-decoder',
  setup(b) {
    b.onResolve({ filter: /^\.\/stream-decoder$/ }, (a) =>
      a.importer.split(/[\\/]/).join('/').includes('/node_modules/@grpc/grpc-js/') ? { path: join(root, 'scripts/bundle/grpc-js-stream-decoder.cjs') } : undefined,
    );
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
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [noProtoLoader, streamDecoder],
});
const bundle = readFileSync(join(root, 'dist/etcdctl-ts.cjs'), 'utf8');
const left = dynamicImports(bundle);
if (left.length > 0) {
  console.error(`bundle: dist/etcdctl-ts.cjs still calls import() (vm.Script cannot serve it):\n  ${left.join('\n  ')}`);
  process.exit(1);
}
// Our StreamDecoder, not grpc-js's (whose chunk list is readPartialMessage), must be in the bundle.
if (bundle.includes('readPartialMessage')) {
  console.error("bundle: grpc-js's own StreamDecoder was bundled; the grpc-js-stream-decoder plugin no longer matches its import");
  process.exit(1);
}
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`bundle: dist/etcdctl-ts.cjs ${(bytes / 1024).toFixed(0)} KiB`);

/** Each `import(` call in the bundle's code, with a little context (also used by the tests). */
function dynamicImports(code) {
  const found = [];
  for (const m of code.matchAll(/(?<![\w$.])import\s*\(/g)) found.push(code.slice(Math.max(0, m.index - 40), m.index + 60));
  return found;
}
