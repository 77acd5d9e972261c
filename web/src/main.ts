import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/base.css';
import './styles/panels.css';
import './styles/map.css';
import './styles/editing.css';
import './styles/analyses.css';
import './styles/dialog.css';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { startApp } from './app';

// Bundlers cannot see MapLibre's worker next to its module, so the built copy is named here.
setWorkerUrl(workerUrl);

const root = document.getElementById('app');
if (root) startApp(root);
