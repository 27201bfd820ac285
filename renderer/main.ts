import './zod-without-eval.js';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installAssayClient } from './api/client-registry.js';
import { createApiClient } from './api/create-api-client.js';
import { useProjectStore } from './stores/project-store.js';
import { installAppRouter } from './router/app-router.js';
import { appRoutes } from './router/app-routes.js';
import { followLinks } from './router/follow-links.js';
import { routeEvents } from './stores/route-events.js';
import './styles/base.css';
import './styles/screens.css';

const app = createApp(App);
app.use(createPinia());
app.use(installAppRouter(appRoutes));

// After a dropped event stream comes back, events were missed: re-read the project instead.
const client = createApiClient(() => void useProjectStore().refresh());
installAssayClient(client);
routeEvents(client);

followLinks();
app.mount('#app');
void useProjectStore().initialize();
