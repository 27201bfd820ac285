import { createRouter, createWebHashHistory, type Router, type RouteRecordRaw, type RouterHistory } from 'vue-router';

let current: Router | null = null;

/**
 * The app's routes in the URL's fragment (`#/node/model.shop.customers?branch=feature_x`): the part
 * before it stays as it was, so the browser mode's `?token=` and Electron's `app://assay/index.html`
 * both keep working, and a change of place never asks the server or the app protocol for a page.
 * The routes (router/app-routes.ts, the screens' components) are main.ts's to give, so that the
 * stores can move through the router without importing every screen.
 */
export function installAppRouter(routes: RouteRecordRaw[], history: RouterHistory = createWebHashHistory()): Router {
  current = createRouter({ history, routes });
  return current;
}

/** The router the navigation store moves through; main.ts installs it before anything navigates. */
export function appRouter(): Router {
  if (!current) throw new Error('the router was used before main.ts installed it');
  return current;
}
