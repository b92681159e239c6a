import { describe, expect, it } from 'vitest';
import { captureIO } from '../../../src/cli/io.js';
import { colorLevel } from '../../../src/core/color.js';
import { columns, displayWidth, drawTable } from '../../../src/output/human/layout.js';
import { createStyle, NO_STYLE } from '../../../src/output/human/style.js';

describe('colorLevel: when our human output may be coloured', () => {
  it.each([
    { tty: true, env: {}, level: 1 },
    { tty: false, env: {}, level: 0 },
    { tty: true, env: { NO_COLOR: '1' }, level: 0 },
    { tty: true, env: { NO_COLOR: '' }, level: 1 },
    { tty: true, env: { TERM: 'dumb' }, level: 0 },
    { tty: true, env: { TERM: 'xterm-256color' }, level: 2 },
    { tty: true, env: { COLORTERM: 'truecolor' }, level: 3 },
    { tty: false, env: { FORCE_COLOR: '1' }, level: 1 },
    { tty: false, env: { FORCE_COLOR: '3' }, level: 3 },
    { tty: true, env: { FORCE_COLOR: '0' }, level: 0 },
    { tty: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' }, level: 1 },
  ])('tty=$tty $env → $level', ({ tty, env, level }) => {
    expect(colorLevel(tty, env)).toBe(level);
  });

  it('captureIO follows the same policy (not a terminal, FORCE_COLOR forces)', () => {
    expect(captureIO().colorStdout).toBe(0);
    expect(captureIO('', { FORCE_COLOR: '1' }).colorStdout).toBe(1);
  });
});

describe('createStyle', () => {
  it('level 0 is plain text and loads no colour library', async () => {
    const s = await createStyle(0);
    expect(s).toBe(NO_STYLE);
    expect(s.bad('down')).toBe('down');
  });

  it('level 1 wraps text in ANSI colours through chalk', async () => {
    const s = await createStyle(1);
    expect(s.ok('up')).toBe('\u001b[32mup\u001b[39m');
    expect(s.bad('down')).toBe('\u001b[31mdown\u001b[39m');
    expect(displayWidth(s.warn('x'))).toBe(1);
  });
});

describe('columns', () => {
  it('aligns cells by their visible width, two spaces apart, no trailing spaces', async () => {
    const s = await createStyle(1);
    const text = columns([
      ['NAME', 'NODES', 'STATE'],
      [s.bold('greeter'), '3', s.ok('healthy')],
      ['x', '10', 'expiring'],
    ]);
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toBe('NAME     NODES  STATE\ngreeter  3      healthy\nx        10     expiring\n');
  });

  it('right-aligns the columns asked for', () => {
    expect(columns([['a', '1'], ['bb', '100']], { rightAlign: new Set([1]) })).toBe('a     1\nbb  100\n');
  });
});

describe('drawTable (cli-table3)', () => {
  it('draws a bordered table with the heading and every row', async () => {
    const t = await drawTable(['NAME', 'COUNT'], [['a', '1'], ['bcd', '22']], NO_STYLE);
    const lines = t.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^┌─+┬─+┐$/);
    expect(lines[1]).toBe('│ NAME │ COUNT │');
    expect(t).toContain('│ bcd  │ 22    │');
    expect(t.endsWith('┘\n')).toBe(true);
  });
});
