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
// Its constructor also gets the call's http2 stream, whose request headers say whether the
// call's messages go to a fragment sink (src/client/fragments.ts): subchannel-call.js is patched
// to pass it, and the build fails when that line is not found.
const DECODER_NEW = 'new stream_decoder_1.StreamDecoder(maxReceiveMessageLength)';
const streamDecoder = {
  name: 'grpc-js-stream-decoder',
  setup(b) {
    b.onResolve({ filter: /^\.\/stream-decoder$/ }, (a) =>
      a.importer.split(/[\\/]/).join('/').includes('/node_modules/@grpc/grpc-js/') ? { path: join(root, 'scripts/bundle/grpc-js-stream-decoder.cjs') } : undefined,
    );
    b.onLoad({ filter: /[\\/]@grpc[\\/]grpc-js[\\/]build[\\/]src[\\/]subchannel-call\.js$/ }, (a) => {
      const code = readFileSync(a.path, 'utf8');
      if (code.split(DECODER_NEW).length !== 2) throw new Error(`${a.path}: expected one "${DECODER_NEW}" to patch`);
      return { contents: code.replace(DECODER_NEW, 'new stream_decoder_1.StreamDecoder(maxReceiveMessageLength, http2Stream)'), loader: 'js' };
    });
  },
};

// Our code imports grpc-js through scripts/bundle/grpc-js-client.cjs, its index without the
// server side and the load-balancing policies a client only gets from a service config
// (~125 KiB less to read and evaluate at every start). grpc-js's own modules are unaffected.
const grpcClientOnly = {
  name: 'grpc-js-client-only',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/grpc-js$/ }, (a) =>
      a.importer.startsWith(join(root, 'src')) ? { path: join(root, 'scripts/bundle/grpc-js-client.cjs') } : undefined,
    );
  },
};

// grpc-js's node:net is scripts/bundle/grpc-js-net.cjs: isIPv6 and isIP without Node's costly
// IPv6 regular expression for strings that cannot be IPv6 addresses (see there).
const grpcNet = {
  name: 'grpc-js-net',
  setup(b) {
    b.onResolve({ filter: /^(node:)?net$/ }, (a) =>
      isIn(a.importer, '@grpc/grpc-js') ? { path: join(root, 'scripts/bundle/grpc-js-net.cjs') } : undefined,
    );
  },
};

// Builtins a dependency requires at load but uses only on paths a run may never take: commander
// spawns with node:child_process only for executable subcommands (we have none); grpc-js's
// compression filter uses zlib only for compressed messages (we never ask for any, and etcd
// compresses nothing unasked); its dns: resolver uses dns only for a host name (an IP endpoint
// is an ipv4:/ipv6: target). Each becomes an object that requires the real module on first
// property access: still correct when the path is taken, ~6 ms less when it is not.
const LAZY = [
  ['commander', 'child_process'],
  ['@grpc/grpc-js', 'zlib'],
  ['@grpc/grpc-js', 'dns'],
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${LAZY.map(([, mod]) => mod).join('|')})$`) }, (a) => {
      const name = a.path.replace(/^node:/, '');
      return LAZY.some(([pkg, mod]) => mod === name && isIn(a.importer, pkg)) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (a) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_t, k) => (m ??= require('node:${a.path}'))[k] });`,
      loader: 'js',
    }));
  },
};

/** Whether `file` belongs to the npm package `pkg`. */
function isIn(file, pkg) {
  return file.split(/[\\/]/).join('/').includes(`/node_modules/${pkg}/`);
}

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
  // bin/etcdctl-ts reads the bundle as Latin-1, which is faster than decoding UTF-8 and the same
  // for ASCII; esbuild escapes any other character (checked below).
  charset: 'ascii',
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [noProtoLoader, grpcClientOnly, grpcNet, lazyBuiltins, streamDecoder],
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
const nonAscii = /[^\x00-\x7f]/.exec(bundle);
if (nonAscii !== null) {
  console.error(`bundle: dist/etcdctl-ts.cjs is not ASCII (bin/etcdctl-ts reads it as Latin-1): ${JSON.stringify(bundle.slice(Math.max(0, nonAscii.index - 40), nonAscii.index + 40))}`);
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
