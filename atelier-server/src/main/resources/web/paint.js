'use strict';
// The editor's mask painter: a canvas at the picture's own pixel size, painted with a pointer (mouse, pen, touch) or
// from the keyboard (arrows move a visible brush cursor, Space paints, P pen down/up, [ ] size, E erase). The mask
// leaves as a PNG data URL whose transparent pixels mark the area to change (the Images API's convention).
const Painter = (function () {
  const $ = (id) => document.getElementById(id);
  const canvas = $('mask-canvas');
  const ctx = canvas.getContext('2d');
  const cursor = $('brush-cursor');
  const state = { painted: false, last: null, at: { x: 0, y: 0 }, spaceDown: false, penDown: false };

  const size = () => Number($('brush').value);
  const erasing = () => $('erase').checked;

  function point(ev) {
    const r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
  }

  function stroke(from, to) {
    ctx.globalCompositeOperation = erasing() ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = '#fff';
    ctx.lineWidth = size();
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath(); ctx.moveTo(from.x, from.y); ctx.lineTo(to.x, to.y); ctx.stroke();
    if (!erasing()) state.painted = true;
  }

  // the cursor's circle, placed in percentages so that it follows the canvas's CSS scaling
  function showCursor(announce) {
    const { x, y } = state.at;
    cursor.style.left = (100 * x / canvas.width) + '%';
    cursor.style.top = (100 * y / canvas.height) + '%';
    cursor.style.width = (100 * size() / canvas.width) + '%';
    cursor.style.height = (100 * size() / canvas.height) + '%';
    cursor.classList.toggle('erase', erasing());
    cursor.dataset.x = String(Math.round(x)); cursor.dataset.y = String(Math.round(y));
    if (announce) {
      const pen = state.penDown || state.spaceDown ? (erasing() ? 'erasing' : 'painting') : 'pen up';
      $('cursor-status').textContent = 'Brush at ' + Math.round(x) + ', ' + Math.round(y) + ' of ' + canvas.width + '×' + canvas.height
        + ', size ' + size() + ', ' + (erasing() ? 'erase' : 'paint') + ' mode, ' + pen + '.';
    }
  }

  function setSize(v) {
    const b = $('brush');
    b.value = String(Math.min(Number(b.max), Math.max(Number(b.min), v)));
    $('brush-value').textContent = b.value;
    showCursor(true);
  }

  canvas.addEventListener('pointerdown', (ev) => {
    ev.preventDefault();
    canvas.setPointerCapture(ev.pointerId);
    state.last = point(ev);
    state.at = state.last;
    stroke(state.last, state.last);
    showCursor(false);
  });
  canvas.addEventListener('pointermove', (ev) => {
    const p = point(ev);
    state.at = p;
    showCursor(false);
    if (!state.last) return;
    stroke(state.last, p);
    state.last = p;
  });
  for (const t of ['pointerup', 'pointercancel']) canvas.addEventListener(t, () => { state.last = null; });
  canvas.addEventListener('pointerenter', () => $('paint').classList.add('hover'));
  canvas.addEventListener('pointerleave', () => $('paint').classList.remove('hover'));
  canvas.addEventListener('focus', () => showCursor(true));

  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  canvas.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const move = MOVES[ev.key];
    if (move) {
      const step = Math.max(1, Math.round(size() / 2)) * (ev.shiftKey ? 4 : 1);
      const from = state.at;
      state.at = { x: Math.min(canvas.width - 1, Math.max(0, from.x + move[0] * step)),
        y: Math.min(canvas.height - 1, Math.max(0, from.y + move[1] * step)) };
      if (state.spaceDown || state.penDown) stroke(from, state.at);
      showCursor(true);
    } else if (ev.key === ' ') {
      if (!ev.repeat) stroke(state.at, state.at);
      state.spaceDown = true;
      showCursor(true);
    } else if (ev.key === 'p' || ev.key === 'P') {
      state.penDown = !state.penDown;
      if (state.penDown) stroke(state.at, state.at);
      showCursor(true);
    } else if (ev.key === '[' || ev.key === ']') {
      setSize(size() + (ev.key === ']' ? 1 : -1) * Math.max(1, Math.round(size() / 8)));
    } else if (ev.key === 'e' || ev.key === 'E') {
      $('erase').checked = !$('erase').checked;
      showCursor(true);
    } else {
      return;
    }
    ev.preventDefault();
  });
  canvas.addEventListener('keyup', (ev) => { if (ev.key === ' ') { state.spaceDown = false; showCursor(true); } });
  canvas.addEventListener('blur', () => { state.spaceDown = false; });

  $('clear').addEventListener('click', () => { ctx.clearRect(0, 0, canvas.width, canvas.height); state.painted = false; });
  $('fill').addEventListener('click', () => {
    ctx.globalCompositeOperation = 'source-over'; ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height); state.painted = true;
  });
  $('brush').addEventListener('input', () => setSize(size()));
  $('erase').addEventListener('change', () => showCursor(false));

  return {
    // a fresh, empty mask for a picture of w × h pixels, the brush sized to it and centred
    reset(w, h) {
      canvas.width = w; canvas.height = h;
      state.painted = false; state.penDown = false; state.at = { x: Math.floor(w / 2), y: Math.floor(h / 2) };
      const b = $('brush');
      b.max = String(Math.max(4, Math.round(Math.max(w, h) / 4)));
      b.value = String(Math.max(1, Math.round(Math.max(w, h) / 10)));
      $('brush-value').textContent = b.value;
      showCursor(false);
    },
    painted: () => state.painted,
    // opaque where kept, alpha 0 where painted
    maskDataUrl() {
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
    },
  };
})();
