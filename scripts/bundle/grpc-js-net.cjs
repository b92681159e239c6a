'use strict';
// node:net as grpc-js sees it in the bundle (scripts/bundle.mjs). Node's isIPv6 runs a huge
// regular expression whose first use costs ~10 ms of compiling (and a few more when V8 tiers it
// up), and grpc-js asks it about every address, IPv4 ones and host names included
// (subchannelAddressToString, the ip: and dns: resolvers, pick_first). An IPv6 address always
// contains ':' and the expression matches no string without one, so those get their answer
// without it: the same answers (test/unit/bundle/grpc-js-shims.test.ts), minus the compiling.
const net = require('node:net');

const isIPv6 = (s) => (typeof s !== 'string' || s.includes(':') ? net.isIPv6(s) : false);

module.exports = { __proto__: net, isIPv6, isIP: (s) => (net.isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0) };
