import type { MemberListResponse } from '../client/types.js';
import type { IO } from '../core/io.js';
import { UnsupportedPrinter } from './printer.js';
import {
  endpointHashKVRows,
  endpointHealthRows,
  endpointStatusRows,
  memberListRows,
  type EndpointHashKV,
  type EndpointHealth,
  type EndpointStatus,
  type Rows,
  type SnapshotStatus,
  snapshotStatusRows,
} from './rows.js';
import { renderTable } from './tablewriter.js';

/** `-w table`: etcdctl draws tables only for membership, endpoints and snapshots. */
export class TablePrinter extends UnsupportedPrinter {
  constructor(private readonly io: IO) {
    super('table');
  }

  private draw({ header, rows }: Rows): void {
    this.io.stdout.write(renderTable(header, rows));
  }

  override memberList(r: MemberListResponse): void {
    this.draw(memberListRows(r));
  }

  override endpointHealth(list: readonly EndpointHealth[]): void {
    this.draw(endpointHealthRows(list));
  }

  override endpointStatus(list: readonly EndpointStatus[]): void {
    this.draw(endpointStatusRows(list));
  }

  override endpointHashKV(list: readonly EndpointHashKV[]): void {
    this.draw(endpointHashKVRows(list));
  }

  override dbStatus(s: SnapshotStatus): void {
    this.draw(snapshotStatusRows(s));
  }
}
