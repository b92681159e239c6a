import type { IO } from '../cli/io.js';
import { type Printer, PRINTER_METHODS, withUnsupported } from './printer.js';
import {
  endpointHashKVRows,
  endpointHealthRows,
  endpointStatusRows,
  memberListRows,
  type Rows,
  snapshotStatusRows,
} from './rows.js';
import { renderTable } from './tablewriter.js';

/** `-w table`: etcdctl draws tables only for membership, endpoints and snapshots. */
export function tablePrinter(io: IO): Printer {
  const draw = ({ header, rows }: Rows): void => io.stdout.write(renderTable(header, rows));
  return withUnsupported<Printer>(
    'table',
    {
      memberList: (r) => draw(memberListRows(r)),
      endpointHealth: (list) => draw(endpointHealthRows(list)),
      endpointStatus: (list) => draw(endpointStatusRows(list)),
      endpointHashKV: (list) => draw(endpointHashKVRows(list)),
      dbStatus: (s) => draw(snapshotStatusRows(s)),
    },
    PRINTER_METHODS,
  );
}
