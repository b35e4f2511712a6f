// A Vue 3 app with <spatius-avatar>: `:prop` bindings set the element's properties (Vue sets a property when the
// element has one), and `@event` listens to the element's events (`@first-frame` -> 'first-frame').
import 'spatius-avatar'; // registers <spatius-avatar>
import type {} from 'spatius-avatar/vue'; // GlobalComponents typing, for vue-tsc / Volar
import type { ConnectionState, LookName } from 'spatius-avatar';
import { createApp } from 'vue'; // the build with the template compiler (build.mjs aliases it)

// Your app fetches a viewer token from its server; this example reads both from its address.
const params = new URLSearchParams(location.search);
// The bundler does not copy the element's worker: build.mjs copies it next to app.js, and the page says where.
const workerUrl = new URL('./motion.worker.js', import.meta.url).href;

const app = createApp({
  data: () => ({
    url: params.get('url') ?? '',
    token: params.get('token') ?? '',
    workerUrl,
    state: 'disconnected' as ConnectionState,
    avatar: '',
    firstFrame: false,
    error: '',
    muted: false,
    look: 'nova' as LookName,
  }),
  template: `
    <main>
      <spatius-avatar
        :url="url" :token="token" :workerUrl="workerUrl" :look="look" :maxBufferDelayMs="120" :muted="muted"
        style="display: block; width: 320px; height: 320px"
        @connection-state-changed="state = $event.detail.state"
        @avatar-discovered="avatar = $event.detail.identity"
        @first-frame="firstFrame = true"
        @error="error = $event.detail.code + ': ' + $event.detail.message"
      ></spatius-avatar>
      <p>
        State: <output id="state">{{ state }}</output>, avatar: <output id="avatar">{{ avatar }}</output>,
        first frame: <output id="first-frame">{{ firstFrame ? 'yes' : 'no' }}</output>
      </p>
      <p v-if="error" id="error" role="alert">{{ error }}</p>
      <button id="mute" @click="muted = !muted">{{ muted ? 'Unmute' : 'Mute' }}</button>
      <button id="look" @click="look = look === 'nova' ? 'sol' : 'nova'">Look: {{ look }}</button>
    </main>`,
});
// <spatius-avatar> is not a Vue component: the template compiler leaves it to the browser.
app.config.compilerOptions.isCustomElement = (tag) => tag === 'spatius-avatar';
app.mount('#app');
