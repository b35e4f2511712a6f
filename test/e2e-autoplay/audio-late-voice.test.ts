// In a browser that blocks autoplay: the user taps "tap to hear" before the avatar's voice exists (the
// block came from the room's AudioContext; the avatar publishes motion only). When the voice is published
// later, it plays: the tap counts for it. (A page of its own: no click has happened in it before.)
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

describe('<spatius-avatar> when the browser blocks autoplay and the voice comes after the tap', () => {
  it('plays the voice published after a click on the tap-to-hear overlay', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('late-voice');
    const pub = await startPublisher(url, room, 'avatar-agent'); // motion only, for now
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const events: string[] = [];
    for (const name of ['audio-blocked', 'audio-unblocked', 'avatar-discovered']) el.addEventListener(name, () => events.push(name));
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    document.body.append(el);
    let voice: AudioContext | undefined;
    try {
      await waitFor('avatar-discovered and audio-blocked', () => events.includes('avatar-discovered') && events.includes('audio-blocked'), 30000);
      const audio = el.shadowRoot!.querySelector('audio')!;
      expect(audio.srcObject, 'no voice yet').to.equal(null);
      const button = el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-button]')!;
      const r = button.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
      await waitFor('audio-unblocked', () => events.includes('audio-unblocked'), 15000);
      // The avatar starts speaking: its voice is published now.
      voice = new AudioContext();
      const osc = voice.createOscillator();
      const dest = voice.createMediaStreamDestination();
      osc.connect(dest);
      osc.start();
      await pub.room.localParticipant.publishTrack(dest.stream.getAudioTracks()[0]!, { name: 'voice', stream: 'avatar' });
      await waitFor('the voice attached', () => audio.srcObject instanceof MediaStream && audio.srcObject.getAudioTracks().length === 1);
      await waitFor('the voice to play', () => !audio.paused);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-overlay]')!.hidden, 'no overlay again').to.equal(true);
      expect(events.filter((e) => e === 'audio-blocked'), 'blocked once, before the tap').to.have.length(1);
    } finally {
      el.remove();
      await pub.stop();
      await voice?.close();
    }
  });
});
