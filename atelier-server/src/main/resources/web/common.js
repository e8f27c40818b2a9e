'use strict';
// Shared helpers: JSON calls that show the server's error message, and small DOM builders.
const Atelier = {
  async call(method, url, body) {
    const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    let res;
    try { res = await fetch(url, opts); } catch (e) {
      // fetch's own "Failed to fetch" says nothing to a user
      const err = new Error('The server is unreachable. Check that it is running, then try again.'); err.status = 0; err.network = true; throw err;
    }
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
  // Shows a form error next to the field the server named (its label in the message, aria-invalid, focus), or in #error.
  // fields maps an API field name to the id of the form control that sets it.
  fieldError(e, fields) {
    Atelier.clearFieldErrors();
    const param = e.data && e.data.error ? e.data.error.param : null;
    const input = param && fields[param] ? document.getElementById(fields[param]) : null;
    if (!input) { Atelier.showError(e.message); return; }
    const labelEl = document.querySelector('label[for="' + input.id + '"]');
    const label = labelEl ? labelEl.firstChild.textContent.trim() : param;
    let msg = e.message.split("'" + param + "'").join(label);
    if (msg.startsWith(param + ' ')) msg = label + msg.slice(param.length);
    msg = msg.charAt(0).toUpperCase() + msg.slice(1);
    const note = Atelier.el('p', { id: input.id + '-error', class: 'field-error', text: msg });
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
    input.after(note);
    Atelier.showError(msg);
    input.focus();
  },
  clearFieldErrors() {
    for (const n of document.querySelectorAll('.field-error')) n.remove();
    for (const i of document.querySelectorAll('[aria-invalid]')) { i.removeAttribute('aria-invalid'); i.removeAttribute('aria-describedby'); }
  },
  // Follows a studio job in the page's #run section (#progress, #progress-text, #connection, #previews, #cancel) and
  // puts its images as cards in #results, under a heading with the run's prompt; end(job) runs when it ends (succeeded,
  // failed or cancelled), and end(null) when the server cannot be reached (the form is usable again meanwhile). A lost
  // stream is retried with backoff (1 s doubling to 16 s), and following resumes when the server is back.
  follow(job, end) {
    const $ = (id) => document.getElementById(id);
    const run = $('run'); run.hidden = false;
    const text = $('progress-text'); const bar = $('progress'); const previews = $('previews');
    const conn = $('connection');
    previews.replaceChildren(); bar.value = 0; text.textContent = 'queued'; text.dataset.events = '0'; previews.dataset.count = '0';
    const url = '/studio/api/jobs/' + encodeURIComponent(job.id);
    const cancel = $('cancel'); cancel.hidden = false; cancel.disabled = false;
    let finished = false; let es = null; let delay = 1000; let timer = null;
    const setConn = (msg) => { if (conn) { conn.textContent = msg; conn.hidden = !msg; conn.dataset.state = msg ? 'down' : 'up'; } };
    setConn('');
    cancel.onclick = async () => {
      cancel.disabled = true; text.textContent = 'cancelling…';
      try { await Atelier.call('DELETE', url); } catch (e) { cancel.disabled = false; Atelier.showError(e.message); }
    };
    if (window.matchMedia && window.matchMedia('(max-width: 640px)').matches) run.scrollIntoView({ block: 'start' });
    const finish = (j) => {
      if (finished) return;
      finished = true; if (es) es.close(); clearTimeout(timer); setConn('');
      cancel.hidden = true;
      if (end) end(j);
      if (j.status !== 'succeeded') { text.textContent = j.status + (j.error ? ': ' + j.error.message : ''); return; }
      bar.value = 1; text.textContent = 'done in ' + ((j.timings.total_ms || 0) / 1000).toFixed(1) + ' s, seed ' + j.seed;
      previews.replaceChildren();
      Atelier.showRun(j);
    };
    const open = () => {
      es = new EventSource(url + '/events');
      es.onopen = () => { delay = 1000; setConn(''); };
      es.addEventListener('job.progress', (ev) => {
        const d = JSON.parse(ev.data);
        bar.value = d.step / d.total_steps;
        text.textContent = 'step ' + d.step + ' / ' + d.total_steps;
        text.dataset.events = String(Number(text.dataset.events) + 1);
      });
      es.addEventListener('job.preview', (ev) => {
        const d = JSON.parse(ev.data);
        let img = previews.querySelector('[data-image="' + d.image + '"]');
        if (!img) {
          img = Atelier.el('img', { 'data-image': d.image, alt: 'preview of image ' + (d.image + 1), class: 'preview' });
          img.addEventListener('load', () => { previews.dataset.shown = img.naturalWidth + 'x' + img.naturalHeight; });
          previews.append(img);
        }
        img.src = d.data_url;
        previews.dataset.count = String(Number(previews.dataset.count) + 1);
      });
      for (const t of ['job.succeeded', 'job.failed', 'job.cancelled']) es.addEventListener(t, (ev) => finish(JSON.parse(ev.data)));
      // a dropped stream (server stopped, network gone, stream time limit): ask for the job, and reconnect
      es.onerror = () => {
        if (finished) return;
        es.close();
        setConn('Reconnecting…');
        timer = setTimeout(poll, delay);
      };
    };
    const poll = async () => {
      if (finished) return;
      try {
        const j = await Atelier.call('GET', url);
        delay = 1000; setConn('');
        if (['succeeded', 'failed', 'cancelled'].includes(j.status)) finish(j); else open();
      } catch (e) {
        if (e.status === 404) { finish({ status: 'failed', error: { message: e.message } }); return; }
        if (end) end(null);
        const wait = delay;
        delay = Math.min(delay * 2, 16000);
        setConn((e.network ? 'Server unreachable' : 'Server error (' + e.message + ')') + ' — retrying in ' + Math.round(wait / 1000) + ' s…');
        timer = setTimeout(poll, wait);
      }
    };
    open();
  },
  // Puts a finished run's images into #results under a heading that names its prompt (newest run first).
  showRun(j) {
    const results = document.getElementById('results');
    document.getElementById('results-section').hidden = false;
    const grid = Atelier.el('div', { class: 'grid' }, ...j.images.map((im) => Atelier.card(j, im)));
    const what = j.upscale ? 'Upscaled ' + j.upscale + '×' : j.edit ? (j.edit.mask ? 'Edit' : 'Variation') : 'Run';
    const group = Atelier.el('section', { class: 'run-group', 'data-job-id': j.id },
      Atelier.el('h3', {}, Atelier.el('span', { class: 'hint', text: what + ' · ' + j.model + ' · ' + j.size + ' · ' }), j.prompt));
    if (j.warnings && j.warnings.length) group.append(...j.warnings.map((w) => Atelier.el('p', { class: 'warning', role: 'note', text: '⚠ ' + w })));
    group.append(grid);
    results.prepend(group);
    // at phone width the results are below the form: bring them into view
    if (window.matchMedia && window.matchMedia('(max-width: 640px)').matches) group.scrollIntoView({ block: 'start' });
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
    const up = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-up', title: 'Good image' },
      Atelier.el('span', { 'aria-hidden': 'true', text: '✓' }), ' Good');
    const down = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-down', title: 'Bad image' },
      Atelier.el('span', { 'aria-hidden': 'true', text: '✗' }), ' Bad');
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
    const del = Atelier.el('button', { type: 'button', class: 'secondary danger delete', title: 'Delete this image', text: 'Delete…' });
    del.addEventListener('click', async () => {
      if (!await Atelier.deleteImage(im.id)) return;
      const fig = del.closest('figure'); const group = fig.closest('.run-group');
      fig.remove();
      if (group && !group.querySelector('figure')) group.remove();
    });
    return Atelier.el('figure', { class: 'card result', 'data-image-id': im.id },
      Atelier.el('a', { href: im.page }, Atelier.el('img', { src: im.url, alt: job.prompt + ' (seed ' + im.seed + ')', width: job.width, height: job.height })),
      Atelier.el('p', { text: 'seed ' + im.seed + (job.upscale ? ' · upscaled ' + job.upscale + '× to ' + job.size : '') }),
      Atelier.el('div', { class: 'row' }, up, down, Atelier.el('a', { class: 'button secondary', href: im.download_url, download: '', text: 'Download' }),
        vary, Atelier.el('a', { class: 'button secondary edit', href: im.page + '/edit', text: 'Edit' }), Atelier.upscaleGroup(im.id), ...extra,
        Atelier.el('a', { class: 'button secondary', href: im.page, text: 'Details' }), del));
  },
  // Report reasons as people read them (the values are the API's)
  reasons: { offensive: 'Offensive', unsafe: 'Unsafe', wrong_prompt: 'Does not match the prompt', low_quality: 'Low quality',
    copyright: 'Copyright', other: 'Other' },
  // Deletes one of the user's images after the user confirms; true when it is gone.
  async deleteImage(imageId) {
    if (!window.confirm('Delete this image? It cannot be undone.')) return false;
    try {
      await Atelier.call('DELETE', '/studio/api/images/' + encodeURIComponent(imageId));
      return true;
    } catch (e) { Atelier.showError(e.message); return false; }
  },
  async feedback(imageId, body) {
    return Atelier.call('POST', '/studio/api/images/' + encodeURIComponent(imageId) + '/feedback', body);
  },
};
