import { describe, expect, it } from 'vitest';
import { logTail, visibleLogLine } from './actions-records.js';

const ESC = '\u001b';

describe('visibleLogLine', () => {
  it('removes colours, cursor moves, titles and hyperlinks, keeping the text they frame', () => {
    expect(visibleLogLine(`${ESC}[1;31mred${ESC}[0m and ${ESC}[2K${ESC}[1Gplain`)).toBe('red and plain');
    expect(visibleLogLine(`${ESC}]0;window title\u0007after`)).toBe('after');
    expect(visibleLogLine(`${ESC}]8;;https://x.example${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
    expect(visibleLogLine(`\u009b32mgreen\u009b0m`)).toBe('green');
    expect(visibleLogLine(`save${ESC}7 restore${ESC}8, end${ESC}`)).toBe('save restore, end');
  });

  it('drops concealed text until it is revealed or reset, and reads extended colours as colours', () => {
    expect(visibleLogLine(`a${ESC}[8mhidden${ESC}[28mb${ESC}[8mgone${ESC}[0mc`)).toBe('abc');
    expect(visibleLogLine(`${ESC}[38;5;8mgrey, not concealed${ESC}[0m`)).toBe('grey, not concealed');
    expect(visibleLogLine(`${ESC}[38;2;8;8;8mdark${ESC}[m`)).toBe('dark');
    expect(visibleLogLine(`${ESC}[8mnever revealed`)).toBe('');
  });

  it('keeps what was written last on a line rewritten with carriage returns, after the timestamp', () => {
    expect(visibleLogLine('10%\r50%\r100%\r')).toBe('100%');
    expect(visibleLogLine('2026-11-20T09:00:00.0000000Z secret\rshown')).toBe('2026-11-20T09:00:00.0000000Z shown');
  });
});

describe('logTail', () => {
  const log = `${Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;

  it('gives the last lines, as many as fit', () => {
    expect(logTail(log, 3, 1000)).toEqual({ text: 'line 8\nline 9\nline 10', totalLines: 10, shownLines: 3, cutBySize: false });
    expect(logTail(log, 10, 14)).toEqual({ text: 'line 9\nline 10', totalLines: 10, shownLines: 2, cutBySize: true });
    expect(logTail('', 5, 100)).toEqual({ text: '', totalLines: 0, shownLines: 0, cutBySize: false });
  });

  it('keeps the end of a single line longer than the cap, and sanitizes what it shows', () => {
    const tail = logTail(`${'x'.repeat(50)}end\n`, 1, 10);
    expect(tail.text).toBe('…xxxxxxend');
    expect(tail.cutBySize).toBe(true);
    expect(logTail('ok\u200b\u{E0041}\n', 1, 100).text).toBe('ok');
  });
});
