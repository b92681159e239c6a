// tablewriter's layout rules, against tables /usr/bin/etcdctl 3.4.23 drew (see also
// cluster-printers.test.ts for every table etcdctl has).
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable } from '../../../src/output/tablewriter.js';

const STATUS_HEADER = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];

describe('renderTable', () => {
  it('wraps a long errors cell at 30 columns with minimum raggedness (captured: three NOSPACE alarms)', () => {
    const errors = ['memberID:1980221182811793867 alarm:NOSPACE ', 'memberID:3219519395788767919 alarm:NOSPACE ', 'memberID:17056232968694239838 alarm:NOSPACE '];
    const row = ['127.0.0.1:42371', '1b7b28ac923369cb', '3.4.23', '2.0 MB', 'false', 'false', '8', '1596', '1596', errors.join(', ')];
    const blank = '|                 |                  |         |         |           |            |           |            |                    |';
    expect(renderTable(STATUS_HEADER, [row])).toBe(
      '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n' +
        '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |\n' +
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n' +
        '| 127.0.0.1:42371 | 1b7b28ac923369cb |  3.4.23 |  2.0 MB |     false |      false |         8 |       1596 |               1596 |   memberID:1980221182811793867 |\n' +
        `${blank}                alarm:NOSPACE , |\n` +
        `${blank}   memberID:3219519395788767919 |\n` +
        `${blank}                alarm:NOSPACE , |\n` +
        `${blank}  memberID:17056232968694239838 |\n` +
        `${blank}                 alarm:NOSPACE  |\n` +
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n',
    );
  });

  it('centres headers (extra space on the right) and right-aligns cells', () => {
    expect(renderTable(['hash', 'revision'], [['3fa86cb9', '7']])).toBe(
      '+----------+----------+\n|   HASH   | REVISION |\n+----------+----------+\n| 3fa86cb9 |        7 |\n+----------+----------+\n',
    );
    expect(renderTable(['ab', 'x'], [['abcde', 'xyz']])).toBe('+-------+-----+\n|  AB   |  X  |\n+-------+-----+\n| abcde | xyz |\n+-------+-----+\n');
  });

  it('keeps a single word longer than 30 columns whole', () => {
    const word = 'x'.repeat(40);
    expect(renderTable(['a'], [[word]])).toBe(`+${'-'.repeat(42)}+\n|${' '.repeat(20)}A${' '.repeat(21)}|\n+${'-'.repeat(42)}+\n| ${word} |\n+${'-'.repeat(42)}+\n`);
  });

  it('counts East Asian wide characters as two columns', () => {
    expect(displayWidth('世界')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(renderTable(['name'], [['世界']])).toBe('+------+\n| NAME |\n+------+\n| 世界 |\n+------+\n');
  });
});
