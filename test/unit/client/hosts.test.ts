import { describe, expect, it } from 'vitest';

import { hostsAddresses, hostsFile } from '../../../src/client/hosts.js';

// Host names the hosts file lists are dialled without node:dns (src/client/hosts.ts).
describe('the hosts file', () => {
  const debian = [
    '127.0.0.1\tlocalhost',
    '127.0.1.1\tbox.example.org\tbox',
    '',
    '# The following lines are desirable for IPv6 capable hosts',
    '::1     localhost ip6-localhost ip6-loopback',
    'ff02::1 ip6-allnodes',
    '10.0.0.5 etcd-1 etcd-1.cluster.local # a member',
    '10.0.0.6 etcd-2',
    '10.0.0.7 etcd-2',
    '10.0.0.6 etcd-2',
    '#10.0.0.9 etcd-3',
    '999.0.0.1 broken',
    'not-an-address broken',
    'fe80::1%eth0 zoned',
  ].join('\n');

  it.each([
    ['localhost', ['127.0.0.1', '::1']],
    ['LocalHost.', ['127.0.0.1', '::1']],
    ['box', ['127.0.1.1']],
    ['etcd-1.cluster.local', ['10.0.0.5']],
    ['etcd-2', ['10.0.0.6', '10.0.0.7']],
    ['etcd-3', []],
    ['broken', []],
    ['zoned', []],
    ['ip6-loopback', ['::1']],
    ['member', []],
  ])('%s: %j', (name, want) => {
    expect(hostsAddresses(debian, name)).toEqual(want);
  });

  it('reads Windows line endings', () => {
    expect(hostsAddresses('127.0.0.1 a\r\n10.1.1.1 b\r\n', 'b')).toEqual(['10.1.1.1']);
  });

  it('is ETCDCTL_TS_HOSTS_FILE, else the system file', () => {
    expect(hostsFile({ ETCDCTL_TS_HOSTS_FILE: '/tmp/h' }, 'linux')).toBe('/tmp/h');
    expect(hostsFile({ ETCDCTL_TS_HOSTS_FILE: '' }, 'darwin')).toBe('/etc/hosts');
    expect(hostsFile({ SystemRoot: 'D:\\Win' }, 'win32').replace(/\\/g, '/')).toBe('D:/Win/System32/drivers/etc/hosts');
  });
});
