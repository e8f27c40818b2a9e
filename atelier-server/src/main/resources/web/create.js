'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const form = $('create-form');
  let session = null;

  function sizesFor(model) {
    const a = model.atelier || {};
    if (a.sizes && a.sizes.length) return a.sizes;
    const m = a.size_multiple || 8;
    const out = [a.default_size];
    for (const s of [64, 128, 256, 512, 768, 1024]) if (s % m === 0 && !out.includes(s + 'x' + s)) out.push(s + 'x' + s);
    return out;
  }

  function fillModel(name, keep) {
    const model = session.models.find((m) => m.id === name);
    if (!model) return;
    const size = $('size');
    const old = keep ? size.value : null;
    size.replaceChildren(...sizesFor(model).map((s) => Atelier.el('option', { value: s, text: s })));
    if (old && sizesFor(model).includes(old)) size.value = old; else size.value = model.atelier.default_size;
    if (!keep) {
      $('steps').value = model.atelier.default_steps;
      $('guidance').value = model.atelier.default_guidance_scale;
    }
  }

  function applyParams(p) {
    $('prompt').value = p.prompt || '';
    $('negative').value = p.negative_prompt || '';
    if (session.models.some((m) => m.id === p.model)) { $('model').value = p.model; fillModel(p.model, false); }
    if (p.size) { if (![...$('size').options].some((o) => o.value === p.size)) $('size').append(Atelier.el('option', { value: p.size, text: p.size })); $('size').value = p.size; }
    $('steps').value = p.steps; $('guidance').value = p.guidance_scale;
    $('scheduler').value = p.scheduler || '';
    $('n').value = p.n || 1;
    const seed = p.image_seed !== undefined ? p.image_seed : p.seed;
    if (seed !== undefined && seed !== null) { $('random-seed').checked = false; $('seed').disabled = false; $('seed').value = seed; }
    $('prompt').focus();
  }

  async function init() {
    try {
      session = await Atelier.call('GET', '/studio/api/session');
    } catch (e) { Atelier.showError(e.message); return; }
    $('model').replaceChildren(...session.models.map((m) => Atelier.el('option', { value: m.id, text: m.id })));
    for (const s of session.schedulers) $('scheduler').append(Atelier.el('option', { value: s, text: s }));
    if (session.models.some((m) => m.id === session.default_model)) $('model').value = session.default_model;
    if (session.models.length) fillModel($('model').value, false);
    else Atelier.showError('No model is installed on this server.');
    const reuse = new URLSearchParams(location.search).get('reuse');
    if (reuse) {
      try { applyParams(await Atelier.call('GET', '/studio/api/images/' + encodeURIComponent(reuse))); } catch (e) { Atelier.showError(e.message); }
    }
  }

  $('model').addEventListener('change', () => fillModel($('model').value, false));
  $('random-seed').addEventListener('change', () => { $('seed').disabled = $('random-seed').checked; if (!$('seed').disabled) $('seed').focus(); });

  function body() {
    const b = { prompt: $('prompt').value, model: $('model').value, size: $('size').value, n: Number($('n').value || 1) };
    if ($('negative').value.trim()) b.negative_prompt = $('negative').value;
    if ($('steps').value !== '') b.steps = Number($('steps').value);
    if ($('guidance').value !== '') b.guidance_scale = Number($('guidance').value);
    if ($('scheduler').value) b.scheduler = $('scheduler').value;
    if (!$('random-seed').checked) b.seed = $('seed').value === '' ? null : Number($('seed').value);
    return b;
  }

  function card(job, im) {
    const up = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-up', title: 'Good image', text: '👍' });
    const down = Atelier.el('button', { type: 'button', 'aria-pressed': 'false', class: 'thumb-down', title: 'Bad image', text: '👎' });
    const vote = async (v, btn, other) => {
      const next = btn.getAttribute('aria-pressed') === 'true' ? 'none' : v;
      try {
        const r = await Atelier.feedback(im.id, { vote: next });
        up.setAttribute('aria-pressed', String(r.vote === 'up')); down.setAttribute('aria-pressed', String(r.vote === 'down'));
      } catch (e) { Atelier.showError(e.message); }
    };
    up.addEventListener('click', () => vote('up', up, down));
    down.addEventListener('click', () => vote('down', down, up));
    const reuse = Atelier.el('button', { type: 'button', class: 'reuse', text: 'Reuse', onclick: () => applyParams(Object.assign({}, job, { image_seed: im.seed, n: 1 })) });
    return Atelier.el('figure', { class: 'card result', 'data-image-id': im.id },
      Atelier.el('a', { href: im.page }, Atelier.el('img', { src: im.url, alt: job.prompt + ' (seed ' + im.seed + ')', width: job.width, height: job.height })),
      Atelier.el('p', { text: 'seed ' + im.seed }),
      Atelier.el('div', { class: 'row' }, up, down, Atelier.el('a', { class: 'button secondary', href: im.download_url, download: '', text: 'Download' }), reuse,
        Atelier.el('a', { class: 'button secondary', href: im.page, text: 'Details' })));
  }

  function follow(job) {
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
      $('generate').disabled = false; cancel.hidden = true;
      if (j.status !== 'succeeded') { text.textContent = j.status + (j.error ? ': ' + j.error.message : ''); return; }
      bar.value = 1; text.textContent = 'done in ' + ((j.timings.total_ms || 0) / 1000).toFixed(1) + ' s, seed ' + j.seed;
      previews.replaceChildren();
      $('results-section').hidden = false;
      const results = $('results');
      for (const im of j.images.slice().reverse()) results.prepend(card(j, im));
    };
    for (const t of ['job.succeeded', 'job.failed', 'job.cancelled']) es.addEventListener(t, done);
    es.onerror = () => { if (es.readyState === EventSource.CLOSED) { $('generate').disabled = false; cancel.hidden = true; } };
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Atelier.showError('');
    if (!$('prompt').value.trim()) { Atelier.showError('Write a prompt first.'); $('prompt').focus(); return; }
    $('generate').disabled = true;
    try {
      follow(await Atelier.call('POST', '/studio/api/jobs', body()));
    } catch (e) {
      $('generate').disabled = false;
      Atelier.showError(e.message);
    }
  });
  $('prompt').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) form.requestSubmit(); });
  init();
})();
