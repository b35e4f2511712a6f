// The agent and captions surface without a server: agent-state and speaking are read-only and absent
// without a call, agent-timeout is validated like the other attributes, the captions line is off by default.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const make = (attrs: Record<string, string> = {}) => {
  const el = document.createElement('spatius-avatar');
  const errors: ErrorDetail[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return { el, errors };
};
const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
};

describe('<spatius-avatar> agent and captions API without a server', () => {
  afterEach(() => document.querySelectorAll('spatius-avatar').forEach((el) => el.remove()));

  it('agent-state and speaking are absent without a call and read-only (also when written in saved HTML)', async () => {
    const { el } = make({ 'agent-state': 'speaking', speaking: '' });
    await settle(el);
    expect(el.hasAttribute('agent-state')).to.equal(false);
    expect(el.hasAttribute('speaking')).to.equal(false);
    el.setAttribute('agent-state', 'thinking');
    el.toggleAttribute('speaking', true);
    expect(el.hasAttribute('agent-state')).to.equal(false);
    expect(el.hasAttribute('speaking')).to.equal(false);
    expect(el.agentState).to.equal(undefined);
  });

  it('agent-timeout: a number of ms from 0 to 600000; a bad value is reported once and the default used', async () => {
    const { el, errors } = make({ 'agent-timeout': 'soon' });
    await settle(el);
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-attribute']);
    expect(errors[0]!.message).to.contain('agent-timeout').and.contain('20000');
    expect(el.agentTimeoutMs).to.equal(20000);
    el.setAttribute('agent-timeout', '0');
    await settle(el);
    expect(el.agentTimeoutMs).to.equal(0);
    expect(errors.length).to.equal(1);
  });

  it('the captions line is off by default, shown with `captions`, text only and not a live region', async () => {
    const { el } = make();
    await settle(el);
    const line = el.shadowRoot!.querySelector<HTMLElement>('[part=captions]')!;
    expect(line).to.exist;
    expect(line.hidden).to.equal(true);
    expect(line.getAttribute('aria-live')).to.equal('off');
    expect(line.previousElementSibling?.getAttribute('part')).to.equal('stage');
    el.captions = true;
    await settle(el);
    expect(el.hasAttribute('captions')).to.equal(true);
    expect(line.hidden).to.equal(false);
    expect(getComputedStyle(line).display).to.equal('none', 'empty: nothing shows');
  });
});
