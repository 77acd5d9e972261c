import { AnalysesApi } from './api/analyses-api';
import { FALLBACK_CAPABILITIES, loadCapabilities, type Capabilities } from './api/capabilities';
import { ApiClient, ApiError, isBBox, isWriter, type BBox, type GeoFeature, type LayerInfo } from './api/client';
import { FilesApi, saveFile } from './api/files-api';
import { SessionStore } from './auth/session-store';
import { hiddenByLink, readLinkState, withLinkState } from './deep-link';
import { applyDocumentLang, t } from './i18n';
import { BlockChoropleth } from './map/block-choropleth';
import { MapController } from './map/map-controller';
import { ViewportPoints } from './map/viewport-points';
import { AnalysesPanel } from './ui/analyses/analyses-panel';
import { h } from './ui/dom';
import { EditToolbar } from './ui/edit/edit-toolbar';
import { FeatureEditor } from './ui/edit/feature-editor';
import { GeometryHandles } from './ui/edit/geometry-handles';
import { SketchTool } from './ui/edit/sketch-tool';
import { FeaturePanel, siteGeometry } from './ui/feature-panel';
import { ImportDialog } from './ui/import/import-dialog';
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

function createController(container: HTMLElement, session: SessionStore, hidden: Iterable<string>): MapController {
  return new MapController({
    container,
    origin: location.origin,
    token: () => session.token,
    hidden,
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
  const link = readLinkState(location.search);
  const session = new SessionStore(sessionStorage);
  const api = new ApiClient(location.origin, () => session.token);
  const files = new FilesApi(api);
  let capabilities: Capabilities = FALLBACK_CAPABILITIES;
  const shell = mountShell(root);
  const viewInUrl = location.hash.length > 1;

  let controller: MapController;
  try {
    controller = createController(shell.map, session, hiddenByLink(link));
  } catch {
    shell.map.replaceChildren(h('p', { class: 'map-unavailable', role: 'alert' }, t('status.webgl')));
    return;
  }
  const map = controller.map;
  window.__mimamori = { map, controller };

  mountLanguageToggle(shell.languageSlot);
  mountStatusBar(shell.status, map);
  new LoginPanel(shell.login, { session, login: (username, password) => api.login(username, password) });

  let layers: readonly LayerInfo[] = [];
  const canWrite = () => isWriter(session.user);
  const points = new ViewportPoints(map, controller, api);
  const choropleth = new BlockChoropleth(map, api);
  const handles = new GeometryHandles(map, controller);
  const sketch = new SketchTool(map, controller);

  /** Tiles, clustered points, counts and shading after a write to `layerId`. */
  function afterWrite(layerId: string): void {
    controller.reloadTiles(layerId);
    points.update(true);
    void loadLayers();
    if (layerId === 'blocks') choropleth.reapply();
  }

  const editor = new FeatureEditor({
    api,
    controller,
    handles,
    points,
    onSaved: (layerId, feature) => {
      afterWrite(layerId);
      if (feature?.id !== undefined) controller.select({ layerId, id: feature.id, properties: feature.properties, geometry: feature.geometry ?? undefined });
      else controller.clearSelection();
      featurePanel.render();
    },
    onClose: () => featurePanel.render(),
  });

  function openNew(layerId: string, geometry: GeoFeature['geometry'], values: Record<string, unknown> = {}): void {
    const layer = layers.find((l) => l.id === layerId);
    if (!layer || !geometry) return;
    controller.clearSelection();
    editor.openNew(layer, geometry, values);
    featurePanel.render();
  }

  /** A proposed siting site becomes a planned camera with the site's bearing, view and range. */
  function acceptSite(properties: Readonly<Record<string, unknown>>, geometry: GeoFeature['geometry']): void {
    openNew('cameras', geometry, {
      bearing_deg: properties.bearingDeg,
      hfov_deg: properties.hfovDeg,
      range_m: properties.rangeM,
      status: 'planned',
      name: t('results.siteName', { rank: String(properties.rank ?? '') }),
    });
  }

  const featurePanel = new FeaturePanel(shell.feature, { controller, editor, canWrite, acceptSite: (site) => acceptSite(site.properties, siteGeometry(site)) });
  const toolbar = new EditToolbar(shell.toolbar, sketch, (layer, geometry) => openNew(layer.id, geometry));
  const importDialog = new ImportDialog({ files, capabilities: () => capabilities, onImported: afterWrite });
  const layerList = new LayerList(shell.layers, {
    controller,
    choropleth,
    reload: () => void loadLayers(),
    canWrite,
    exportFormats: () => capabilities.exportFormats,
    onImport: (layer, file) => importDialog.open(layer, file),
    onExport: async (layer, format) => saveFile(await files.exportLayer(layer.id, format)),
  });
  const analysesPanel = new AnalysesPanel(shell.analyses, {
    analyses: new AnalysesApi(api),
    files,
    controller,
    capabilities: () => capabilities,
    acceptSite: (site) => acceptSite(site.properties, site.geometry),
  });

  const writeLink = () => {
    const visible = controller.visibleLayers();
    const allOn = layers.every((layer) => !controller.canDraw(layer.id) || visible.includes(layer.id));
    history.replaceState(history.state, '', withLinkState(location.href, { layers: allOn ? null : visible, run: controller.shownRun }));
  };
  controller.onViewChange(writeLink);

  let fitted = viewInUrl;
  let generation = 0;
  async function loadLayers(options: { reloadTiles?: boolean } = {}): Promise<void> {
    const current = ++generation;
    layerList.showLoading();
    try {
      const next = await api.layers();
      if (current !== generation) return;
      layers = next;
      await controller.setAvailableLayers(layers.map((layer) => layer.id), options);
      layerList.show(layers);
      featurePanel.setLayers(layers);
      toolbar.setLayers(layers, canWrite());
      points.update();
      choropleth.reapply();
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
  session.onChange(() => {
    editor.close();
    points.reset();
    analysesPanel.setSignedIn(session.user !== null);
    void loadLayers({ reloadTiles: true });
  });
  void loadCapabilities(api).then((loaded) => {
    capabilities = loaded;
    layerList.render();
    analysesPanel.render();
  });
  analysesPanel.setSignedIn(session.user !== null);
  void loadLayers();
  if (link.run) void analysesPanel.showRun(link.run);
}
