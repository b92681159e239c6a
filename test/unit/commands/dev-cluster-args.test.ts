import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { EtcdctlError, UsageError } from '../../../src/core/errors.js';
import {
  banner,
  chooseLayout,
  findEtcd,
  memberArgs,
  memberLayout,
  parseDevClusterArgs,
  readLayout,
  type PortProbe,
} from '../../../src/commands/dev-cluster/index.js';
import { usage } from '../../helpers/thrown.js';

const flags = { members: '3', dataDir: '', ports: 'classic', etcdBinary: '' };


describe('parseDevClusterArgs', () => {
  it('defaults to three members on the classic ports in a temporary directory', () => {
    expect(parseDevClusterArgs([], flags)).toEqual({ members: 3, dataDir: undefined, ports: 'classic', etcdBinary: undefined });
  });

  it('takes one member, free ports, a data dir and a binary', () => {
    expect(parseDevClusterArgs([], { members: '1', dataDir: 'd', ports: 'free', etcdBinary: '/opt/etcd' })).toEqual({
      members: 1,
      dataDir: 'd',
      ports: 'free',
      etcdBinary: '/opt/etcd',
    });
  });

  it('refuses what it cannot run', () => {
    expect(usage(() => parseDevClusterArgs(['x'], flags))).toBe('dev-cluster takes no arguments');
    expect(usage(() => parseDevClusterArgs([], { ...flags, members: '2' }))).toBe('--members must be 1 or 3, got 2');
    expect(usage(() => parseDevClusterArgs([], { ...flags, members: '5' }))).toBe('--members must be 1 or 3, got 5');
    expect(usage(() => parseDevClusterArgs([], { ...flags, ports: '2379' }))).toBe('--ports must be classic or free, got 2379');
  });
});

describe('member layout', () => {
  it("is etcd's Procfile layout by default", () => {
    expect(memberLayout(3, 'classic')).toEqual([
      { name: 'infra1', clientPort: 2379, peerPort: 12380 },
      { name: 'infra2', clientPort: 22379, peerPort: 22380 },
      { name: 'infra3', clientPort: 32379, peerPort: 32380 },
    ]);
    expect(memberLayout(1, 'classic')).toEqual([{ name: 'infra1', clientPort: 2379, peerPort: 12380 }]);
  });

  it('keeps the names on other ports', () => {
    expect(memberLayout(3, [41000, 41001, 41002, 41003, 41004, 41005])).toEqual([
      { name: 'infra1', clientPort: 41000, peerPort: 41001 },
      { name: 'infra2', clientPort: 41002, peerPort: 41003 },
      { name: 'infra3', clientPort: 41004, peerPort: 41005 },
    ]);
  });

  it('gives each member its own URLs, data dir and the whole initial cluster', () => {
    const all = memberLayout(3, 'classic');
    const args = memberArgs(all[1]!, all, '/data', 'tok');
    const value = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(value('--name')).toBe('infra2');
    expect(value('--data-dir')).toBe(path.join('/data', 'infra2.etcd'));
    expect(value('--listen-client-urls')).toBe('http://127.0.0.1:22379');
    expect(value('--advertise-client-urls')).toBe('http://127.0.0.1:22379');
    expect(value('--listen-peer-urls')).toBe('http://127.0.0.1:22380');
    expect(value('--initial-advertise-peer-urls')).toBe('http://127.0.0.1:22380');
    expect(value('--initial-cluster')).toBe('infra1=http://127.0.0.1:12380,infra2=http://127.0.0.1:22380,infra3=http://127.0.0.1:32380');
    expect(value('--initial-cluster-token')).toBe('tok');
    expect(value('--initial-cluster-state')).toBe('new');
  });

  it('prints the endpoints and the line to export', () => {
    const members = memberLayout(3, 'classic').map((spec, i) => ({ spec, pid: 100 + i }));
    const text = banner({ version: '3.4.23', members, dataRoot: '/tmp/x', keep: false });
    expect(text).toContain('Started a 3-member etcd cluster (etcd 3.4.23) on 127.0.0.1:\n');
    expect(text).toContain('  infra2  pid 101  client http://127.0.0.1:22379  peer http://127.0.0.1:22380\n');
    expect(text).toContain('Data and logs: /tmp/x (removed when the cluster stops)\n');
    expect(text).toContain('\n  export ETCDCTL_ENDPOINTS=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379\n');
    expect(banner({ version: '', members: members.slice(0, 1), dataRoot: '/d', keep: true })).toContain('Data and logs: /d\n');
  });
});

describe('findEtcd', () => {
  it('looks on $PATH only, or takes the given file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'find-etcd-'));
    try {
      const file = path.join(dir, 'etcd');
      writeFileSync(file, '#!/bin/sh\n');
      chmodSync(file, 0o755);
      expect(findEtcd(undefined, { PATH: `/nonexistent${path.delimiter}${dir}` })).toBe(file);
      expect(findEtcd(undefined, { PATH: '/nonexistent' })).toBeUndefined();
      expect(findEtcd(undefined, {})).toBeUndefined();
      expect(findEtcd(file, {})).toBe(file);
      expect(findEtcd(path.join(dir, 'nope'), { PATH: dir })).toBeUndefined();
      chmodSync(file, 0o644);
      expect(findEtcd(undefined, { PATH: dir })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('chooseLayout (no real port is probed)', () => {
  const probe = (taken: readonly number[]): PortProbe & { asked: number[] } => {
    const asked: number[] = [];
    return {
      asked,
      isFree: (p) => {
        asked.push(p);
        return Promise.resolve(!taken.includes(p));
      },
      free: (n) => Promise.resolve(Array.from({ length: n }, (_, i) => 50_000 + i)),
    };
  };

  it('takes the classic ports when all are free', async () => {
    const p = probe([]);
    expect(await chooseLayout({ members: 3, ports: 'classic' }, undefined, '', p)).toEqual({ layout: memberLayout(3, 'classic'), taken: [] });
    expect(p.asked).toEqual([2379, 12380, 22379, 22380, 32379, 32380]);
  });

  it('falls back to free ports, naming the taken ones, when one is in use', async () => {
    const r = await chooseLayout({ members: 3, ports: 'classic' }, undefined, '', probe([2379, 22380]));
    expect(r.taken).toEqual([2379, 22380]);
    expect(r.layout).toEqual(memberLayout(3, [50_000, 50_001, 50_002, 50_003, 50_004, 50_005]));
  });

  it('asks only for free ports with --ports=free', async () => {
    const p = probe([]);
    expect((await chooseLayout({ members: 1, ports: 'free' }, undefined, '', p)).layout).toEqual([{ name: 'infra1', clientPort: 50_000, peerPort: 50_001 }]);
    expect(p.asked).toEqual([]);
  });

  it('brings a kept cluster back on its own ports, or says why it cannot', async () => {
    const saved = memberLayout(1, [41_000, 41_001]);
    expect(await chooseLayout({ members: 1, ports: 'free' }, saved, '/d', probe([]))).toEqual({ layout: saved, taken: [] });
    await expect(chooseLayout({ members: 3, ports: 'classic' }, saved, '/d', probe([]))).rejects.toThrow(
      new UsageError('/d holds a 1-member cluster; start it with --members=1'),
    );
    const busy = chooseLayout({ members: 1, ports: 'classic' }, saved, '/d', probe([41_001]));
    await expect(busy).rejects.toBeInstanceOf(EtcdctlError);
    await expect(busy).rejects.toThrow('port 41001 is in use, and the members in /d were created to use it');
  });
});

describe('readLayout', () => {
  it('reads the layout of a data dir whose members left data', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-layout-'));
    try {
      expect(readLayout(dir)).toBeUndefined();
      const layout = memberLayout(3, [1, 2, 3, 4, 5, 6]);
      writeFileSync(path.join(dir, 'dev-cluster.json'), JSON.stringify(layout));
      // No member data yet: nothing to come back to.
      expect(readLayout(dir)).toBeUndefined();
      mkdirSync(path.join(dir, 'infra1.etcd'));
      expect(readLayout(dir)).toEqual(layout);
      writeFileSync(path.join(dir, 'dev-cluster.json'), '[{"name":"x"}]');
      expect(readLayout(dir)).toBeUndefined();
      writeFileSync(path.join(dir, 'dev-cluster.json'), 'not json');
      expect(readLayout(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
