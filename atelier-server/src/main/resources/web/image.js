'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const id = decodeURIComponent(location.pathname.split('/').pop());

  function setVote(v) {
    $('thumb-up').setAttribute('aria-pressed', String(v === 'up' || v === 1));
    $('thumb-down').setAttribute('aria-pressed', String(v === 'down' || v === -1));
  }

  async function load() {
    let d;
    try { d = await Atelier.call('GET', '/studio/api/images/' + encodeURIComponent(id)); } catch (e) { Atelier.showError(e.message); return; }
    document.title = d.prompt.slice(0, 60) + ' · Atelier';
    $('image').src = d.url; $('image').alt = d.prompt;
    $('caption').textContent = d.prompt;
    $('download').href = d.download_url;
    $('reuse').href = '/?reuse=' + encodeURIComponent(d.image_id);
    $('edit').href = '/images/' + encodeURIComponent(d.image_id) + '/edit';
    if (d.made_from) {
      $('made-from-link').href = d.made_from.page; $('made-from-thumb').src = d.made_from.url;
      $('made-from-link').setAttribute('aria-label', 'Made from image ' + d.made_from.image_id);
      $('made-from').hidden = false;
    }
    const t = d.timings || {};
    const rows = [
      ['Prompt', d.prompt], ['Negative prompt', d.negative_prompt || '—'], ['Model', d.model], ['Size', d.size],
      ['Steps', d.steps], ['Guidance', d.guidance_scale], ['Scheduler', d.scheduler || 'model default'],
      ['Seed', d.image_seed], ['Seed of the request', d.requested_seed === null ? 'random (drew ' + d.seed + ')' : d.requested_seed],
      ['Image', (d.index + 1) + ' of ' + d.n], ['Job', d.id],
      ['Created', new Date(t.created_at).toLocaleString()],
      ['Waited in queue', t.queued_ms !== undefined ? t.queued_ms + ' ms' : '—'],
      ['Generation', t.run_ms !== undefined ? t.run_ms + ' ms' : '—'], ['Total', t.total_ms !== undefined ? t.total_ms + ' ms' : '—'],
      ['File size', d.bytes + ' bytes'],
    ];
    // an upscale has no steps, guidance or scheduler of its own (the hires fix's are in the embedded parameters)
    if (d.upscale) rows.splice(4, 3, ['Upscaled', d.upscale + '×']);
    if (d.edit) rows.splice(7, 0, ['Edit', (d.edit.mask ? 'inpainting' : 'variation') + ', strength ' + d.edit.strength]);
    $('params').replaceChildren(...rows.flatMap(([k, v]) => [Atelier.el('dt', { text: k }), Atelier.el('dd', { text: String(v) })]));
    $('png-parameters').textContent = d.png_parameters || '(none)';
    if (d.provenance) showProvenance(d.provenance);
    setVote(d.feedback.vote);
    if (d.feedback.report) { $('feedback-status').textContent = 'Reported: ' + (Atelier.reasons[d.feedback.report.reason] || d.feedback.report.reason) + '.'; $('report-reason').value = d.feedback.report.reason; }
    $('image-page').hidden = false;
  }

  // the C2PA manifest as this server's verifier read it, and the invisible watermark's detection
  function showProvenance(p) {
    const c = p.content_credentials;
    const words = { valid: '✔ Signed: content credentials verified', invalid: '✘ Content credentials do not verify', none: 'No content credentials' };
    $('c2pa-status').textContent = words[c.status] || c.status;
    $('c2pa-status').dataset.status = c.status;
    const created = (c.actions || []).find((a) => a.action === 'c2pa.created');
    const rows = [
      ['Issued by', c.signer || '—'], ['App', c.claim_generator || '—'], ['Model', c.model || '—'],
      ['Made with', created && created.digital_source_type && created.digital_source_type.endsWith('/trainedAlgorithmicMedia') ? 'Generative AI (trained algorithmic media)' : '—'],
    ];
    if (c.problems && c.problems.length) rows.push(['Problems', c.problems.join('; ')]);
    $('c2pa').replaceChildren(...rows.flatMap(([k, v]) => [Atelier.el('dt', { text: k }), Atelier.el('dd', { text: String(v) })]));
    const w = p.watermark;
    $('watermark-status').textContent = w.present ? 'Invisible watermark: present (score ' + w.score.toFixed(1) + ', threshold ' + w.threshold.toFixed(1) + ')'
      : 'Invisible watermark: not found';
    $('provenance').hidden = false;
  }

  async function vote(v, btn) {
    const next = btn.getAttribute('aria-pressed') === 'true' ? 'none' : v;
    try {
      const r = await Atelier.feedback(id, { vote: next });
      setVote(r.vote);
      $('feedback-status').textContent = r.vote === 'none' ? 'Vote removed.' : 'Thanks — recorded your vote: ' + (r.vote === 'up' ? 'Good' : 'Bad') + '.';
    } catch (e) { Atelier.showError(e.message); }
  }
  $('thumb-up').addEventListener('click', () => vote('up', $('thumb-up')));
  $('thumb-down').addEventListener('click', () => vote('down', $('thumb-down')));
  $('report').addEventListener('click', async () => {
    try {
      const r = await Atelier.feedback(id, { report: { reason: $('report-reason').value, note: $('report-note').value } });
      $('feedback-status').textContent = 'Reported: ' + (Atelier.reasons[r.report.reason] || r.report.reason) + '. Thank you.';
      $('report-box').open = false;
    } catch (e) { Atelier.showError(e.message); }
  });
  $('vary').addEventListener('click', () => Atelier.vary(id, $('vary')));
  $('delete').addEventListener('click', async () => {
    if (!await Atelier.deleteImage(id)) return;
    location.assign('/gallery?deleted=' + encodeURIComponent(id));
  });
  for (const f of [2, 4]) $('upscale-' + f).addEventListener('click', () => Atelier.upscale(id, f, $('upscale-' + f)));
  load();
})();
