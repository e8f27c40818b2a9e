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
    // empty means the model's default, and the box says which
    for (const [id, v] of [['steps', model.atelier.default_steps], ['guidance', model.atelier.default_guidance_scale]]) {
      $(id).placeholder = 'default (' + v + ')';
      $(id).title = 'Leave empty for ' + name + '\'s default, ' + v;
    }
    if (!keep) { $('steps').value = ''; $('guidance').value = ''; }
    Concepts.model(name);
  }

  function applyParams(p) {
    $('prompt').value = p.prompt || '';
    $('negative').value = p.negative_prompt || '';
    if (session.models.some((m) => m.id === p.model)) { $('model').value = p.model; fillModel(p.model, false); }
    if (p.size) { if (![...$('size').options].some((o) => o.value === p.size)) $('size').append(Atelier.el('option', { value: p.size, text: p.size })); $('size').value = p.size; }
    $('steps').value = p.steps; $('guidance').value = p.guidance_scale;
    $('scheduler').value = p.scheduler || '';
    $('n').value = 1;  // Reuse remakes this one image: its parameters and its own seed
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

  // Reuse is the image page's link (/?reuse=ID); here it fills the form in place from the same image record
  Atelier.cardExtras = (job, im) => [Atelier.el('a', { class: 'button secondary reuse', href: '/?reuse=' + encodeURIComponent(im.id),
    title: 'Fill the form with this image\'s parameters and seed', text: 'Reuse',
    onclick: async (ev) => {
      ev.preventDefault();
      try { applyParams(await Atelier.call('GET', '/studio/api/images/' + encodeURIComponent(im.id))); } catch (e) { Atelier.showError(e.message); }
    } })];

  const FIELDS = { prompt: 'prompt', negative_prompt: 'negative', model: 'model', size: 'size', steps: 'steps',
    guidance_scale: 'guidance', scheduler: 'scheduler', n: 'n', seed: 'seed' };

  function follow(job) {
    Atelier.follow(job, () => { $('generate').disabled = false; });
    // focus follows the work: to the progress line, which announces each step
    $('progress-text').focus();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Atelier.showError('');
    if (!$('prompt').value.trim()) {
      Atelier.fieldError({ message: 'Write a prompt first.', data: { error: { param: 'prompt' } } }, FIELDS); return;
    }
    Atelier.clearFieldErrors();
    $('generate').disabled = true;
    try {
      follow(await Atelier.call('POST', '/studio/api/jobs', body()));
    } catch (e) {
      $('generate').disabled = false;
      Atelier.fieldError(e, FIELDS);
    }
  });
  $('prompt').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) form.requestSubmit(); });
  init();
})();
