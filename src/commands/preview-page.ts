/**
 * The page `briefkit preview` serves (src/commands/preview.ts): a toolbar (edition, zoom, page,
 * last rebuild), the edition drawn by pdf.js's viewer with its text layer, an error overlay and
 * an offer to jump to the section just edited. Its script talks to the server only: the PDFs and
 * the event stream, both with the page's token. Text from the build (errors, file names) is set
 * as text, never as HTML.
 */

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>briefkit preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/pdf_viewer.css">
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; background: #525659; }
  #bar { position: absolute; top: 0; left: 0; right: 0; height: 44px; display: flex; gap: 10px; align-items: center; padding: 0 12px; background: #2b2f33; color: #eee; box-sizing: border-box; }
  #bar select, #bar button { font: inherit; background: #3b4046; color: #eee; border: 1px solid #555; border-radius: 4px; padding: 3px 8px; }
  #bar .grow { flex: 1; }
  #status.error { color: #ff9b8f; }
  #viewerContainer { position: absolute; top: 44px; bottom: 0; left: 0; right: 0; overflow: auto; }
  #jump { position: absolute; top: 52px; right: 16px; z-index: 5; background: #fffbe6; color: #222; border: 1px solid #d9c66b; border-radius: 6px; padding: 8px 12px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
  #jump button { margin-left: 8px; }
  #overlay { position: absolute; top: 44px; left: 0; right: 0; bottom: 0; z-index: 10; background: rgba(30, 0, 0, .55); display: flex; align-items: flex-start; justify-content: center; padding-top: 48px; }
  #overlay .box { max-width: 820px; width: 90%; background: #fff; color: #111; border-top: 6px solid #c62828; border-radius: 6px; padding: 16px 20px; box-shadow: 0 6px 24px rgba(0,0,0,.5); }
  #overlay .code { font-weight: 700; color: #c62828; }
  #overlay .where { font-family: ui-monospace, monospace; }
  #overlay pre { white-space: pre-wrap; background: #f5f5f5; padding: 10px; border-radius: 4px; font-size: 12px; }
  [hidden] { display: none !important; }
</style>
</head>
<body data-state="loading">
<div id="bar">
  <strong>briefkit preview</strong>
  <label>Edition <select id="audience" aria-label="Edition"></select></label>
  <button id="zoomOut" title="Zoom out" aria-label="Zoom out">−</button>
  <select id="zoom" aria-label="Zoom">
    <option value="page-width">Page width</option>
    <option value="page-fit">Whole page</option>
    <option value="0.75">75 %</option>
    <option value="1">100 %</option>
    <option value="1.5">150 %</option>
    <option value="2">200 %</option>
  </select>
  <button id="zoomIn" title="Zoom in" aria-label="Zoom in">+</button>
  <span>Page <span id="page">–</span> / <span id="pages">–</span></span>
  <span class="grow"></span>
  <span id="status">building…</span>
</div>
<div id="viewerContainer"><div id="viewer" class="pdfViewer"></div></div>
<div id="jump" hidden><span id="jumpText"></span><button id="jumpGo">Go</button><button id="jumpClose" aria-label="Dismiss">×</button></div>
<div id="overlay" hidden role="alert"><div class="box">
  <div><span class="code" id="errCode"></span> <span class="where" id="errWhere"></span></div>
  <p id="errSummary"></p>
  <p><strong>Fix:</strong> <span id="errFix"></span></p>
  <pre id="errText"></pre>
  <small>The last good PDF is underneath; this goes away when the next build succeeds.</small>
</div></div>
<script type="module" src="/assets/preview.js"></script>
</body>
</html>
`;

export const PAGE_SCRIPT = String.raw`
import * as pdfjsLib from '/assets/pdf.mjs';
globalThis.pdfjsLib = pdfjsLib;
const { EventBus, PDFViewer, PDFLinkService } = await import('/assets/pdf_viewer.mjs');
pdfjsLib.GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.mjs';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const token = query.get('token');
const container = $('viewerContainer');
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container, viewer: $('viewer'), eventBus, linkService, textLayerMode: 1 });
linkService.setViewer(viewer);

let audience = query.get('audience');
let doc = null;
let loading = Promise.resolve();
let zoom = 'page-width';

eventBus.on('pagechanging', (e) => { $('page').textContent = String(e.pageNumber); });
eventBus.on('scalechanging', (e) => { if (e.presetValue) $('zoom').value = e.presetValue; });

/** Loads the edition's current PDF; keeps the scroll position and zoom of the one it replaces. */
function load(seq) {
  loading = loading.then(async () => {
    let next;
    try {
      next = await pdfjsLib.getDocument({ url: '/pdf/' + encodeURIComponent(audience) + '.pdf?token=' + encodeURIComponent(token) + '&v=' + seq, isEvalSupported: false }).promise;
    } catch {
      return; // not built yet
    }
    // where the reader is now (not when the rebuild began: they may have scrolled meanwhile)
    const keep = doc ? { top: container.scrollTop, left: container.scrollLeft, scale: viewer.currentScaleValue } : null;
    const old = doc;
    doc = next;
    await new Promise((resolve) => {
      const ready = () => { eventBus.off('pagesinit', ready); resolve(); };
      eventBus.on('pagesinit', ready);
      viewer.setDocument(next);
      linkService.setDocument(next);
    });
    viewer.currentScaleValue = keep ? keep.scale : zoom;
    if (keep) { container.scrollTop = keep.top; container.scrollLeft = keep.left; }
    $('pages').textContent = String(next.numPages);
    $('page').textContent = String(viewer.currentPageNumber);
    if (old) void old.destroy();
    document.body.dataset.loaded = String(seq);
  });
  return loading;
}

function setAudiences(list) {
  const sel = $('audience');
  if (!audience || !list.includes(audience)) audience = list[0] ?? null;
  const have = [...sel.options].map((o) => o.value).join('\n');
  if (have !== list.join('\n')) {
    sel.replaceChildren(...list.map((a) => new Option(a, a)));
  }
  sel.value = audience ?? '';
}

function showError(error) {
  $('errCode').textContent = error.code;
  const w = error.where || {};
  $('errWhere').textContent = (w.file ?? '') + (w.line !== undefined ? ':' + w.line : '') + (w.field ? ' (at ' + w.field + ')' : '');
  $('errSummary').textContent = error.summary;
  $('errFix').textContent = error.fix ?? '';
  $('errText').textContent = error.text;
  $('overlay').hidden = false;
}

let lastSeq = 0;
function onBuild(e) {
  const first = lastSeq === 0;
  lastSeq = e.seq;
  setAudiences(e.known);
  document.body.dataset.seq = String(e.seq);
  if (!e.ok) {
    showError(e.error);
    $('status').textContent = 'build failed (' + e.error.code + ') after ' + e.ms + ' ms';
    $('status').className = 'error';
    document.body.dataset.state = 'error';
    if (first && audience) void load(e.seq); // the last good PDF, from an earlier run
    return;
  }
  $('overlay').hidden = true;
  $('status').className = '';
  $('status').textContent = (first ? 'built ' : 'rebuilt ') + e.audiences.join(', ') + ' in ' + e.ms + ' ms' + (e.changed.length ? ' · ' + e.changed.join(', ') : '');
  document.body.dataset.state = 'ok';
  const loaded = first || e.audiences.includes(audience) ? load(e.seq) : loading;
  const sections = (e.sections && e.sections[audience]) || [];
  // offered once the new PDF is shown (a jump before would be undone by the reload)
  if (sections.length) void loaded.then(() => {
    const s = sections[0];
    $('jumpText').textContent = s.file + ' changed: it begins on page ' + s.page + '.';
    $('jumpGo').onclick = () => { viewer.currentPageNumber = s.page; $('jump').hidden = true; };
    $('jump').hidden = false;
  });
}

$('audience').onchange = () => { audience = $('audience').value; doc = null; void load(lastSeq); };
$('zoom').onchange = () => { zoom = $('zoom').value; viewer.currentScaleValue = zoom; };
$('zoomIn').onclick = () => { viewer.currentScale = Math.min(viewer.currentScale * 1.25, 5); $('zoom').value = ''; };
$('zoomOut').onclick = () => { viewer.currentScale = Math.max(viewer.currentScale / 1.25, 0.25); $('zoom').value = ''; };
$('jumpClose').onclick = () => { $('jump').hidden = true; };

const events = new EventSource('/events?token=' + encodeURIComponent(token));
events.addEventListener('build', (m) => onBuild(JSON.parse(m.data)));
`;
