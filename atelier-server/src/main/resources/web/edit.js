'use strict';
// The editor: paint a mask over one of your images, then redraw the painted area with a prompt. The mask goes to
// the server as a PNG data URL at the image's own size whose transparent pixels mark the area to change.
(function () {
  const $ = (id) => document.getElementById(id);
  const id = decodeURIComponent(location.pathname.split('/')[2]);
  const canvas = $('mask-canvas');
  const ctx = canvas.getContext('2d');
  let painted = false;
  let last = null;

  function point(ev) {
    const r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
  }

  function stroke(from, to) {
    ctx.globalCompositeOperation = $('erase').checked ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = '#e03131';
    ctx.lineWidth = Number($('brush').value);
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath(); ctx.moveTo(from.x, from.y); ctx.lineTo(to.x, to.y); ctx.stroke();
    if (!$('erase').checked) painted = true;
  }

  canvas.addEventListener('pointerdown', (ev) => {
    ev.preventDefault();
    canvas.setPointerCapture(ev.pointerId);
    last = point(ev);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!last) return;
    const p = point(ev);
    stroke(last, p);
    last = p;
  });
  for (const t of ['pointerup', 'pointercancel']) canvas.addEventListener(t, () => { last = null; });
  $('clear').addEventListener('click', () => { ctx.clearRect(0, 0, canvas.width, canvas.height); painted = false; });
  $('fill').addEventListener('click', () => {
    ctx.globalCompositeOperation = 'source-over'; ctx.fillStyle = '#e03131';
    ctx.fillRect(0, 0, canvas.width, canvas.height); painted = true;
  });
  const showValue = (input, out) => { $(out).textContent = $(input).value; };
  $('brush').addEventListener('input', () => showValue('brush', 'brush-value'));
  $('strength').addEventListener('input', () => showValue('strength', 'strength-value'));

  // opaque where kept, alpha 0 where painted (the Images API's mask convention)
  function maskDataUrl() {
    const m = document.createElement('canvas');
    m.width = canvas.width; m.height = canvas.height;
    const paint = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const mc = m.getContext('2d');
    const out = mc.createImageData(m.width, m.height);
    for (let i = 0; i < paint.length; i += 4) {
      out.data[i] = out.data[i + 1] = out.data[i + 2] = 0;
      out.data[i + 3] = paint[i + 3] > 0 ? 0 : 255;
    }
    mc.putImageData(out, 0, 0);
    return m.toDataURL('image/png');
  }

  $('edit-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Atelier.showError('');
    if (!$('prompt').value.trim()) { Atelier.showError('Write a prompt first.'); $('prompt').focus(); return; }
    if (!painted) { Atelier.showError('Paint the area to change first (or press "Mark all").'); return; }
    $('apply').disabled = true;
    const body = { from_image: id, prompt: $('prompt').value, strength: Number($('strength').value), mask: maskDataUrl() };
    try {
      Atelier.follow(await Atelier.call('POST', '/studio/api/jobs', body), () => { $('apply').disabled = false; });
    } catch (e) {
      $('apply').disabled = false;
      Atelier.showError(e.message);
    }
  });

  async function load() {
    $('back').href = '/images/' + encodeURIComponent(id);
    let d;
    try { d = await Atelier.call('GET', '/studio/api/images/' + encodeURIComponent(id)); } catch (e) {
      $('load-error').textContent = e.message; $('load-error').hidden = false; return;
    }
    document.title = 'Edit: ' + d.prompt.slice(0, 50) + ' · Atelier';
    canvas.width = d.width; canvas.height = d.height;
    $('image').width = d.width; $('image').height = d.height;
    $('image').src = d.url; $('image').alt = d.prompt;
    $('prompt').value = d.prompt;
    const b = $('brush');
    b.max = String(Math.max(4, Math.round(d.width / 4)));
    b.value = String(Math.max(1, Math.round(d.width / 10)));
    showValue('brush', 'brush-value'); showValue('strength', 'strength-value');
    $('edit-form').hidden = false;
  }
  load();
})();
