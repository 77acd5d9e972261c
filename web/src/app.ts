import { ApiClient, ApiError, isBBox, type BBox, type LayerInfo } from './api/client';
import { SessionStore } from './auth/session-store';
import { applyDocumentLang, t } from './i18n';
import { MapController } from './map/map-controller';
import { h } from './ui/dom';
import { FeaturePanel } from './ui/feature-panel';
import { mountLanguageToggle } from './ui/language-toggle';
import { LayerList } from './ui/layer-list';
import { LoginPanel } from './ui/login-panel';
import { mountShell } from './ui/shell';
import { mountStatusBar } from './ui/status-bar';

declare global {
  interface Window {
    /** Test hook: the browser tests (web/e2e) reach the map and its controller through this. */
    __mimamori?: { map: MapController['map']; controller: MapController };
  }
}

/** Where to look first when no view is in the URL: the detailed street data, else everything. */
const INITIAL_VIEW_LAYERS = ['roads', 'buildings'];

function initialExtent(layers: readonly LayerInfo[]): BBox | null {
  const withData = layers.filter((layer) => layer.count > 0 && isBBox(layer.extent));
  const preferred = INITIAL_VIEW_LAYERS.map((id) => withData.find((layer) => layer.id === id)).find(Boolean);
  const extents = (preferred ? [preferred] : withData).map((layer) => layer.extent as BBox);
  if (extents.length === 0) return null;
  return [
    Math.min(...extents.map((e) => e[0])),
    Math.min(...extents.map((e) => e[1])),
    Math.max(...extents.map((e) => e[2])),
    Math.max(...extents.map((e) => e[3])),
  ];
}

function createController(container: HTMLElement, session: SessionStore): MapController {
  return new MapController({
    container,
    origin: location.origin,
    token: () => session.token,
    locale: {
      'NavigationControl.ZoomIn': t('map.zoomIn'),
      'NavigationControl.ZoomOut': t('map.zoomOut'),
      'AttributionControl.ToggleAttribution': t('map.attribution'),
      'Map.Title': t('map.label'),
    },
  });
}

export function startApp(root: HTMLElement): void {
  applyDocumentLang();
  const session = new SessionStore(sessionStorage);
  const api = new ApiClient(location.origin, () => session.token);
  const shell = mountShell(root);
  const viewInUrl = location.hash.length > 1;

  let controller: MapController;
  try {
    controller = createController(shell.map, session);
  } catch {
    shell.map.replaceChildren(h('p', { class: 'map-unavailable', role: 'alert' }, t('status.webgl')));
    return;
  }

  window.__mimamori = { map: controller.map, controller };

  mountLanguageToggle(shell.languageSlot);
  mountStatusBar(shell.status, controller.map);
  new LoginPanel(shell.login, { session, login: (username, password) => api.login(username, password) });
  const featurePanel = new FeaturePanel(shell.feature, controller);
  const layerList = new LayerList(shell.layers, controller, () => void loadLayers());

  let fitted = viewInUrl;
  let generation = 0;
  async function loadLayers(options: { reloadTiles?: boolean } = {}): Promise<void> {
    const current = ++generation;
    layerList.showLoading();
    try {
      const layers = await api.layers();
      if (current !== generation) return;
      await controller.setAvailableLayers(layers.map((layer) => layer.id), options);
      layerList.show(layers);
      featurePanel.setLayers(layers);
      const extent = fitted ? null : initialExtent(layers);
      if (extent) {
        fitted = true;
        controller.fitTo(extent, { animate: false });
      }
    } catch (err) {
      if (current !== generation) return;
      if (err instanceof ApiError && err.status === 401 && session.token) {
        session.clear();
        return;
      }
      layerList.showError(err instanceof Error ? err.message : String(err));
    }
  }

  // Tiles of layers still readable are fetched again only after the new layer list is drawn, so a
  // layer the user just lost is never requested without its token.
  session.onChange(() => void loadLayers({ reloadTiles: true }));
  void loadLayers();
}
