import type { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { alarmCommand } from './alarm.js';
import { authCommand } from './auth.js';
import { checkCommand } from './check/index.js';
import { clusterCommand } from './cluster/index.js';
import { compactionCommand } from './compaction.js';
import { completeCommand } from './complete.js';
import { completionCommand } from './completion.js';
import { contextCommand } from './context/index.js';
import { defragCommand } from './defrag.js';
import { delCommand } from './del.js';
import { devClusterCommand } from './dev-cluster/index.js';
import { editCommand } from './edit.js';
import { electCommand } from './elect.js';
import { exportCommand } from './export.js';
import { endpointCommand } from './endpoint.js';
import { getCommand } from './get.js';
import { importCommand } from './import.js';
import { leaseCommand } from './lease.js';
import { lsCommand } from './ls.js';
import { lockCommand } from './lock.js';
import { makeMirrorCommand } from './make-mirror.js';
import { memberCommand } from './member.js';
import { migrateCommand } from './migrate.js';
import { moveLeaderCommand } from './move-leader.js';
import { putCommand } from './put.js';
import { registryCommand } from './registry/index.js';
import { roleCommand } from './role.js';
import { snapshotCommand } from './snapshot.js';
import { txnCommand } from './txn.js';
import { userCommand } from './user.js';
import { versionCommand } from './version.js';
import { watchCommand } from './watch.js';

export type CommandFactory = (ctx: CommandContext) => Command;

/**
 * etcdctl 3.4's commands, in the order etcdctl adds them (cobra keeps that order for "Did you
 * mean this?"). Prefix matching and the COMMANDS section of root help cover these only.
 */
export const ETCDCTL_COMMANDS: readonly CommandFactory[] = [
  getCommand,
  putCommand,
  delCommand,
  txnCommand,
  compactionCommand,
  alarmCommand,
  defragCommand,
  endpointCommand,
  moveLeaderCommand,
  watchCommand,
  versionCommand,
  leaseCommand,
  memberCommand,
  snapshotCommand,
  makeMirrorCommand,
  migrateCommand,
  lockCommand,
  electCommand,
  authCommand,
  userCommand,
  roleCommand,
  checkCommand,
  // cobra adds its completion command last, when the program runs.
  completionCommand,
];

/**
 * Our own commands: matched by full name only, listed after etcdctl's text in root help.
 * Adding one: see README, "Adding a command".
 */
export const OWN_COMMANDS: readonly CommandFactory[] = [
  devClusterCommand,
  registryCommand,
  clusterCommand,
  lsCommand,
  editCommand,
  contextCommand,
  completeCommand,
  exportCommand,
  importCommand,
];
