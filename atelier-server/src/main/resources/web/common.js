'use strict';
// Shared helpers: JSON calls that show the server's error message, and small DOM builders.
const Atelier = {
  async call(method, url, body) {
    const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    const res = await fetch(url, opts);
    let data = null;
    try { data = await res.json(); } catch (e) { /* no body */ }
    if (!res.ok) {
      const msg = data && data.error ? data.error.message : ('HTTP ' + res.status);
      const err = new Error(msg); err.status = res.status; err.data = data; throw err;
    }
    return data;
  },
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  },
  showError(msg) {
    const p = document.getElementById('error');
    if (!p) return;
    p.textContent = msg || ''; p.hidden = !msg;
  },
  // Follows a studio job in the page's #run section (#progress, #progress-text, #previews, #cancel) and puts its
  // images as cards in #results; end(job) runs when it ends (succeeded, failed or cancelled).
  follow(job, end) {
    const $ = (id) => document.getElementById(id);
    const run = $('run'); run.hidden = false;
    const text = $('progress-text'); const bar = $('progress'); const previews = $('previews');
    previews.replaceChildren(); bar.value = 0; text.textContent = 'queued'; text.dataset.events = '0';
    const url = '/studio/api/jobs/' + encodeURIComponent(job.id);
    const cancel = $('cancel'); cancel.hidden = false; cancel.disabled = false;
    cancel.onclick = async () => {
      cancel.disabled = true; text.textContent = 'cancelling…';
      try { await Atelier.call('DELETE', url); } catch (e) { cancel.disabled = false; Atelier.showError(e.message); }
    };
    const es = new EventSource(url + '/events');
    es.addEventListener('job.progress', (ev) => {
      const d = JSON.parse(ev.data);
      bar.value = d.step / d.total_steps;
      text.textContent = 'step ' + d.step + ' / ' + d.total_steps;
      text.dataset.events = String(Number(text.dataset.events) + 1);
    });
    es.addEventListener('job.preview', (ev) => {
      const d = JSON.parse(ev.data);
      let img = previews.querySelector('[data-image="' + d.image + '"]');
      if (!img) { img = Atelier.el('img', { 'data-image': d.image, alt: 'preview of image ' + (d.image + 1), class: 'preview' }); previews.append(img); }
      img.src = d.data_url;
    });
    const done = (ev) => {
      es.close();
      const j = JSON.parse(ev.data);
      cancel.hidden = true;
      if (end) end(j);
      if (j.status !== 'succeeded') { text.textContent = j.status + (j.error ? ': ' + j.error.message : ''); return; }
      bar.value = 1; text.textContent = 'done in ' + ((j.timings.total_ms || 0) / 1000).toFixed(1) + ' s, seed ' + j.seed;
      previews.replaceChildren();
      $('results-section').hidden = false;
      for (const im of j.images.slice().reverse()) $('results').prepend(Atelier.card(j, im));
    };
    for (const t of ['job.succeeded', 'job.failed', 'job.cancelled']) es.addEventListener(t, done);
    es.onerror = () => { if (es.readyState === EventSource.CLOSED) { cancel.hidden = true; if (end) end(null); } };
  },
  // Variations of one of the user's images (same prompt, new seed), followed in the page's #run section.
  async vary(imageId, button) {
    Atelier.showError('');
    if (button) button.disabled = true;
    try {
      Atelier.follow(await Atelier.call('POST', '/studio/api/jobs', { from_image: imageId }), () => { if (button) button.disabled = false; });
    } catch (e) {
      if (button) button.disabled = false;
      Atelier.showError(e.message);
    }
  },
  // Enlarges one of the user's images 2× or 4× (POST /studio/api/upscales), followed in the page's #run section.
  async upscale(imageId, factor, button) {
    Atelier.showError('');
    if (button) button.disabled = true;
    try {
      Atelier.follow(await Atelier.call('POST', '/studio/api/upscales', { from_image: imageId, factor }), () => { if (button) button.disabled = false; });
    } catch (e) {
      if (button) button.disabled = false;
      Atelier.showError(e.message);
    }
  },
  // "Upscale 2× 4×": a labelled group of two buttons for one image
  upscaleGroup(imageId) {
    const b = (f) => Atelier.el('button', { type: 'button', class: 'secondary upscale-' + f, 'aria-label': 'Upscale ' + f + '×',
      title: 'Upscale ' + f + '× (a new image, ' + f + ' times the width and height)', text: f + '×' });
    const two = b(2); const four = b(4);
    two.addEventListener('click', () => Atelier.upscale(imageId, 2, two));
    four.addEventListener('click', () => Atelier.upscale(imageId, 4, four));
    return Atelier.el('span', { class: 'upscale', role: 'group', 'aria-label': 'Upscale' }, Atelier.el('span', { 'aria-hidden': 'true', text: 'Upscale' }), two, four);
  },
  // The page's own buttons for a result card (the create page's Reuse): (job, image) → elements.
  cardExtras: null,
  // A result: the image (a link to its page), its seed, 👍/👎, download, Vary, Edit, Upscale, the page's extras, details.
  card(job, im) {
    const extra = Atelier.cardExtras ? Atelier.cardExtras(job, im) : [];
    const up = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-up', title: 'Good image', text: '👍' });
    const down = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-down', title: 'Bad image', text: '👎' });
    const vote = async (v, btn) => {
      const next = btn.getAttribute('aria-pressed') === 'true' ? 'none' : v;
      try {
        const r = await Atelier.feedback(im.id, { vote: next });
        up.setAttribute('aria-pressed', String(r.vote === 'up')); down.setAttribute('aria-pressed', String(r.vote === 'down'));
      } catch (e) { Atelier.showError(e.message); }
    };
    up.addEventListener('click', () => vote('up', up));
    down.addEventListener('click', () => vote('down', down));
    const vary = Atelier.el('button', { type: 'button', class: 'vary', title: 'Variations of this image', text: 'Vary' });
    vary.addEventListener('click', () => Atelier.vary(im.id, vary));
    return Atelier.el('figure', { class: 'card result', 'data-image-id': im.id },
      Atelier.el('a', { href: im.page }, Atelier.el('img', { src: im.url, alt: job.prompt + ' (seed ' + im.seed + ')', width: job.width, height: job.height })),
      Atelier.el('p', { text: 'seed ' + im.seed + (job.upscale ? ' · upscaled ' + job.upscale + '× to ' + job.size : '') }),
      Atelier.el('div', { class: 'row' }, up, down, Atelier.el('a', { class: 'button secondary', href: im.download_url, download: '', text: 'Download' }),
        vary, Atelier.el('a', { class: 'button secondary edit', href: im.page + '/edit', text: 'Edit' }), Atelier.upscaleGroup(im.id), ...extra,
        Atelier.el('a', { class: 'button secondary', href: im.page, text: 'Details' })));
  },
  async feedback(imageId, body) {
    return Atelier.call('POST', '/studio/api/images/' + encodeURIComponent(imageId) + '/feedback', body);
  },
};
