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

  // Reuse fills the form with a result's parameters (this page only); the rest of a card is common.js's
  Atelier.cardExtras = (job, im) => [Atelier.el('button', { type: 'button', class: 'reuse', text: 'Reuse',
    onclick: () => applyParams(Object.assign({}, job, { image_seed: im.seed, n: 1 })) })];

  function follow(job) {
    Atelier.follow(job, () => { $('generate').disabled = false; });
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
