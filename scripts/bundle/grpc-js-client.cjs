'use strict';
// @grpc/grpc-js's index (build/src/index.js) without the server side, for the bundle: the same
// exports, but the server, its credentials and interceptors, ORCA, the `experimental` API (but
// for registerResolver, which src/client/transport.ts uses for host names the hosts file lists) and
// the load-balancing policies a client selects only through a service config (round_robin,
// weighted_round_robin, outlier_detection) are left out — ~125 KiB the CLI read and evaluated at
// every start. Our channels disable service-config resolution, so pick_first is always the
// policy. A left-out export throws when it is used.
const call_credentials_1 = require('@grpc/grpc-js/build/src/call-credentials');
const channel_1 = require('@grpc/grpc-js/build/src/channel');
const compression_algorithms_1 = require('@grpc/grpc-js/build/src/compression-algorithms');
const connectivity_state_1 = require('@grpc/grpc-js/build/src/connectivity-state');
const channel_credentials_1 = require('@grpc/grpc-js/build/src/channel-credentials');
const client_1 = require('@grpc/grpc-js/build/src/client');
const constants_1 = require('@grpc/grpc-js/build/src/constants');
const logging = require('@grpc/grpc-js/build/src/logging');
const make_client_1 = require('@grpc/grpc-js/build/src/make-client');
const metadata_1 = require('@grpc/grpc-js/build/src/metadata');
const status_builder_1 = require('@grpc/grpc-js/build/src/status-builder');
const client_interceptors_1 = require('@grpc/grpc-js/build/src/client-interceptors');
const channelz_1 = require('@grpc/grpc-js/build/src/channelz');
const admin_1 = require('@grpc/grpc-js/build/src/admin');

const lazy = {
  CallCredentials: () => call_credentials_1.CallCredentials,
  Channel: () => channel_1.ChannelImplementation,
  compressionAlgorithms: () => compression_algorithms_1.CompressionAlgorithms,
  connectivityState: () => connectivity_state_1.ConnectivityState,
  ChannelCredentials: () => channel_credentials_1.ChannelCredentials,
  Client: () => client_1.Client,
  logVerbosity: () => constants_1.LogVerbosity,
  status: () => constants_1.Status,
  propagate: () => constants_1.Propagate,
  loadPackageDefinition: () => make_client_1.loadPackageDefinition,
  makeClientConstructor: () => make_client_1.makeClientConstructor,
  makeGenericClientConstructor: () => make_client_1.makeClientConstructor,
  Metadata: () => metadata_1.Metadata,
  StatusBuilder: () => status_builder_1.StatusBuilder,
  ListenerBuilder: () => client_interceptors_1.ListenerBuilder,
  RequesterBuilder: () => client_interceptors_1.RequesterBuilder,
  InterceptingCall: () => client_interceptors_1.InterceptingCall,
  InterceptorConfigurationError: () => client_interceptors_1.InterceptorConfigurationError,
  getChannelzServiceDefinition: () => channelz_1.getChannelzServiceDefinition,
  getChannelzHandlers: () => channelz_1.getChannelzHandlers,
  addAdminServicesToServer: () => admin_1.addAdminServicesToServer,
};
const LEFT_OUT = ['Server', 'ServerCredentials', 'ServerListenerBuilder', 'ResponderBuilder', 'ServerInterceptingCall', 'ServerMetricRecorder'];
Object.defineProperty(exports, '__esModule', { value: true });
for (const [name, get] of Object.entries(lazy)) Object.defineProperty(exports, name, { enumerable: true, get });
for (const name of LEFT_OUT) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    get() {
      throw new Error(`@grpc/grpc-js: ${name} is not in etcdctl-ts's bundle (scripts/bundle/grpc-js-client.cjs)`);
    },
  });
}
exports.credentials = {
  combineChannelCredentials: (channelCredentials, ...callCredentials) => callCredentials.reduce((acc, other) => acc.compose(other), channelCredentials),
  combineCallCredentials: (first, ...additional) => additional.reduce((acc, other) => acc.compose(other), first),
  createInsecure: channel_credentials_1.ChannelCredentials.createInsecure,
  createSsl: channel_credentials_1.ChannelCredentials.createSsl,
  createFromSecureContext: channel_credentials_1.ChannelCredentials.createFromSecureContext,
  createFromMetadataGenerator: call_credentials_1.CallCredentials.createFromMetadataGenerator,
  createFromGoogleCredential: call_credentials_1.CallCredentials.createFromGoogleCredential,
  createEmpty: call_credentials_1.CallCredentials.createEmpty,
};
exports.experimental = new Proxy(
  { registerResolver: require('@grpc/grpc-js/build/src/resolver').registerResolver },
  {
    get(t, k) {
      if (k in t || typeof k === 'symbol') return t[k];
      throw new Error(`@grpc/grpc-js: experimental.${String(k)} is not in etcdctl-ts's bundle (scripts/bundle/grpc-js-client.cjs)`);
    },
  },
);
exports.closeClient = (client) => client.close();
exports.waitForClientReady = (client, deadline, callback) => client.waitForReady(deadline, callback);
const notAvailable = () => {
  throw new Error('Not available in this library. Use @grpc/proto-loader and loadPackageDefinition instead');
};
exports.loadObject = (value, options) => notAvailable();
exports.load = (filename, format, options) => notAvailable();
exports.setLogger = (logger) => logging.setLogger(logger);
exports.setLogVerbosity = (verbosity) => logging.setLoggerVerbosity(verbosity);
exports.getClientChannel = (client) => client_1.Client.prototype.getChannel.call(client);

// What index.js registers that a client can reach: the dns:, unix: and ipv4:/ipv6: resolvers and
// the pick_first policy (the default). channelz.setup() only offers channelz to an admin server.
require('@grpc/grpc-js/build/src/resolver-dns').setup();
require('@grpc/grpc-js/build/src/resolver-uds').setup();
require('@grpc/grpc-js/build/src/resolver-ip').setup();
require('@grpc/grpc-js/build/src/load-balancer-pick-first').setup();
