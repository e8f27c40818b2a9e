'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let page = Number(params.get('page') || 0);
  let q = params.get('q') || '';
  $('q').value = q;
  if (params.get('deleted')) $('status').textContent = 'Image deleted.';

  async function load() {
    Atelier.showError('');
    let data;
    try {
      data = await Atelier.call('GET', '/studio/api/gallery?page=' + page + '&q=' + encodeURIComponent(q));
    } catch (e) { Atelier.showError(e.message); return; }
    const grid = $('gallery');
    grid.replaceChildren();
    for (const job of data.jobs) {
      if (job.status !== 'succeeded') {
        grid.append(Atelier.el('figure', { class: 'card' }, Atelier.el('p', { text: job.prompt }), Atelier.el('p', { class: 'hint', text: job.status })));
        continue;
      }
      for (const im of job.images) {
        grid.append(Atelier.el('figure', { class: 'card gallery-item', 'data-image-id': im.id },
          Atelier.el('a', { href: im.page }, Atelier.el('img', { src: im.url, alt: job.prompt, loading: 'lazy', width: job.width, height: job.height })),
          Atelier.el('p', { text: job.prompt }),
          Atelier.el('p', { class: 'hint', text: job.model + ' · seed ' + im.seed })));
      }
    }
    $('empty').hidden = data.jobs.length > 0;
    if (!data.jobs.length) {
      $('empty').replaceChildren(...(q ? [document.createTextNode('No images match “' + q + '”. '), Atelier.el('a', { href: '/gallery', text: 'Show all' })]
        : [document.createTextNode('No images yet. '), Atelier.el('a', { href: '/', text: 'Create one' })]), document.createTextNode('.'));
    }
    $('prev').disabled = page === 0;
    $('next').disabled = !data.more;
    $('page-label').textContent = 'page ' + (page + 1);
    history.replaceState(null, '', '/gallery' + (page || q ? '?' + new URLSearchParams(Object.assign(page ? { page } : {}, q ? { q } : {})) : ''));
  }

  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); q = $('q').value.trim(); page = 0; load(); });
  $('prev').addEventListener('click', () => { if (page > 0) { page--; load(); } });
  $('next').addEventListener('click', () => { page++; load(); });
  load();
})();
