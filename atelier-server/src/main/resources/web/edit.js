'use strict';
// The editor: paint a mask (paint.js) over one of your images (/images/{id}/edit) or over a picture you upload or
// drop on the page (/edit), then redraw the painted area with a prompt. An uploaded picture travels as a data URL
// ("image"), one of your images by its id ("from_image").
(function () {
  const $ = (id) => document.getElementById(id);
  const parts = location.pathname.split('/');
  const id = parts[1] === 'images' ? decodeURIComponent(parts[2]) : null;
  // what the edit starts from: {from_image} or {image}
  let source = null;
  // longest side of an uploaded picture; the server resizes to the model's size anyway
  const MAX_SIDE = 1024;
  // an upload larger than this (as a data URL) is re-encoded as JPEG, to stay under the server's request limit
  const MAX_URL = 700 * 1024;

  function show(src, w, h, alt) {
    Painter.reset(w, h);
    $('image').width = w; $('image').height = h;
    $('image').src = src; $('image').alt = alt;
    $('strength-value').textContent = $('strength').value;
    $('edit-form').hidden = false;
  }

  const readAsDataUrl = (blob) => new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result); r.onerror = () => reject(r.error); r.readAsDataURL(blob);
  });

  // a picture the user chose or dropped: its own bytes when small enough, else redrawn (at most MAX_SIDE) as JPEG
  // shown beside the file input: the form (and its error line) may not be there yet
  function uploadError(msg) { $('load-error').textContent = msg || ''; $('load-error').hidden = !msg; }

  async function upload(file) {
    uploadError('');
    if (!file || !/^image\/(png|jpeg|webp)$/.test(file.type)) {
      uploadError('Choose a PNG or JPEG picture' + (file ? ' (' + file.name + ' is ' + (file.type || 'of an unknown type') + ')' : '') + '.');
      return;
    }
    let bitmap;
    try { bitmap = await createImageBitmap(file); } catch (e) { uploadError('That picture cannot be read: ' + file.name + '.'); return; }
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale)); const h = Math.max(1, Math.round(bitmap.height * scale));
    let url = scale === 1 && file.type !== 'image/webp' ? await readAsDataUrl(file) : null;
    if (!url || url.length > MAX_URL) {
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, w, h); g.drawImage(bitmap, 0, 0, w, h);
      for (const q of [0.92, 0.8, 0.6]) { url = c.toDataURL('image/jpeg', q); if (url.length <= MAX_URL) break; }
    }
    source = { image: url };
    $('back-line').hidden = true;
    $('model-field').hidden = false;
    document.title = 'Edit: ' + file.name + ' · Atelier';
    show(url, w, h, 'your picture ' + file.name);
    $('file-label').textContent = 'Start from another picture (PNG or JPEG)';
    $('mask-canvas').focus();
  }

  $('file').addEventListener('change', () => upload($('file').files[0]));
  document.addEventListener('dragover', (ev) => { ev.preventDefault(); $('drop').classList.add('over'); });
  document.addEventListener('dragleave', (ev) => { if (!ev.relatedTarget) $('drop').classList.remove('over'); });
  document.addEventListener('drop', (ev) => {
    ev.preventDefault();
    $('drop').classList.remove('over');
    if (ev.dataTransfer && ev.dataTransfer.files.length) upload(ev.dataTransfer.files[0]);
  });
  $('strength').addEventListener('input', () => { $('strength-value').textContent = $('strength').value; });

  $('edit-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Atelier.showError('');
    Atelier.clearFieldErrors();
    if (!$('prompt').value.trim()) { Atelier.fieldError({ message: 'Write a prompt first.', data: { error: { param: 'prompt' } } }, FIELDS); return; }
    if (!Painter.painted()) { Atelier.showError('Paint the area to change first (or press "Mark all").'); return; }
    $('apply').disabled = true;
    const body = Object.assign({}, source, { prompt: $('prompt').value, strength: Number($('strength').value), mask: Painter.maskDataUrl() });
    if (source.image && $('model').value) body.model = $('model').value;
    try {
      Atelier.follow(await Atelier.call('POST', '/studio/api/jobs', body), () => { $('apply').disabled = false; });
    } catch (e) {
      $('apply').disabled = false;
      Atelier.fieldError(e, FIELDS);
    }
  });
  // the API's field names → this form's controls, for errors shown at their field
  const FIELDS = { prompt: 'prompt', strength: 'strength', model: 'model' };

  async function load() {
    try {
      const session = await Atelier.call('GET', '/studio/api/session');
      $('model').replaceChildren(...session.models.map((m) => Atelier.el('option', { value: m.id, text: m.id })));
      if (session.models.some((m) => m.id === session.default_model)) $('model').value = session.default_model;
    } catch (e) { /* the model list is only for uploads; the server names the default */ }
    if (!id) return;
    $('back').href = '/images/' + encodeURIComponent(id);
    $('back-line').hidden = false;
    let d;
    try { d = await Atelier.call('GET', '/studio/api/images/' + encodeURIComponent(id)); } catch (e) {
      $('load-error').textContent = e.message; $('load-error').hidden = false; return;
    }
    source = { from_image: id };
    document.title = 'Edit: ' + d.prompt.slice(0, 50) + ' · Atelier';
    $('prompt').value = d.prompt;
    $('file-label').textContent = 'Or start from a picture of your own (PNG or JPEG)';
    show(d.url, d.width, d.height, d.prompt);
  }
  load();
})();
