import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { Config } from '../../core/config';

/**
 * /desk — the one-stop desk page (index.html, desk.js, desk.css in this folder) and the two maintained
 * libraries it loads from node_modules: keycloak-js (login, authorization code + PKCE) and Pico CSS
 * (accessible defaults). /desk/config.json tells the page where the realm is.
 */
/** The page's files: next to this module from source; in a compiled build, back in the source folder. */
function assetsDir(): string {
  return existsSync(path.join(__dirname, 'index.html')) ? __dirname : path.resolve(__dirname, '../../../api/desk');
}

export function deskRouter(config: Pick<Config, 'OIDC_ISSUER'>): Router {
  const router = Router();
  const issuer = new URL(config.OIDC_ISSUER);
  const realm = decodeURIComponent(issuer.pathname.split('/realms/')[1] ?? 'dossiers');
  const keycloakUrl = `${issuer.origin}${issuer.pathname.split('/realms/')[0]}`;
  router.get('/config.json', (_req, res) => {
    res.json({ keycloakUrl, realm, clientId: 'dossier-desk' });
  });
  router.get('/vendor/keycloak.js', (_req, res) => res.type('text/javascript').sendFile(require.resolve('keycloak-js')));
  router.get('/vendor/pico.min.css', (_req, res) => res.type('text/css').sendFile(path.join(path.dirname(require.resolve('@picocss/pico/package.json')), 'css', 'pico.min.css')));
  router.use(express.static(assetsDir(), { index: 'index.html', extensions: ['html'], setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
