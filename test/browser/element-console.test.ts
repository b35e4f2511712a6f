// The element says what went wrong in the console (a CMS page without script sees nothing else: `error` does
// not bubble), as its log-level allows (rules: src/element/console-report.ts, Node-tested).
import { expect } from '@open-wc/testing';
import '../../src/index.js';

describe('<spatius-avatar> console lines', () => {
  const warned: string[] = [];
  const original = console.warn;
  beforeEach(() => {
    warned.length = 0;
    console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
  });
  afterEach(() => {
    console.warn = original;
    document.querySelectorAll('spatius-avatar').forEach((el) => el.remove());
  });

  it('a bad attribute is warned once at the default level, and not at log-level="error"', async () => {
    const el = document.createElement('spatius-avatar');
    el.setAttribute('manual', '');
    el.setAttribute('look', 'Sol');
    document.body.append(el);
    await el.updateComplete;
    expect(warned.filter((w) => w.includes('<spatius-avatar>'))).to.deep.equal(['<spatius-avatar> invalid-attribute: look="Sol" is not aurora, sol, nova; using the default (aurora)']);
    const quiet = document.createElement('spatius-avatar');
    quiet.setAttribute('manual', '');
    quiet.setAttribute('log-level', 'error');
    quiet.setAttribute('look', 'Sol');
    document.body.append(quiet);
    await quiet.updateComplete;
    expect(warned.filter((w) => w.includes('<spatius-avatar>')).length).to.equal(1);
  });
});
