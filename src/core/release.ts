// Set by the bundler (scripts/bundle.mjs) and by vitest.config.ts from package.json.
declare const __ETCDCTL_TS_VERSION__: string | undefined;

/** The etcdctl-ts release, as in package.json; `version` prints etcdctl's lines, not this. */
export const RELEASE: string = typeof __ETCDCTL_TS_VERSION__ === 'string' ? __ETCDCTL_TS_VERSION__ : 'dev';
