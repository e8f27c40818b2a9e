'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  async function load() {
    let d;
    try { d = await Atelier.call('GET', '/arena/leaderboard.json'); } catch (e) { Atelier.showError(e.message); return; }
    $('summary').textContent = d.battles + ' voted battles, ' + d.contestants.length + ' contestants.';
    $('summary').dataset.battles = d.battles;
    $('method').textContent = d.method + ' (' + d.bootstrap_samples + ' resamples).';
    const td = (text, cls) => Atelier.el('td', { text: String(text), class: cls });
    $('board').tBodies[0].replaceChildren(...d.contestants.map((c) => Atelier.el('tr', { 'data-name': c.name },
      td(c.rank, 'num'),
      Atelier.el('td', {}, Atelier.el('strong', { text: c.name }), c.settings ? Atelier.el('div', { class: 'hint', text: c.settings }) : null),
      td(Math.round(c.rating), 'num'), td(Math.round(c.ci_lower) + ' – ' + Math.round(c.ci_upper), 'num'),
      td(c.battles, 'num'), td(c.wins + ' / ' + c.losses + ' / ' + c.ties, 'num'))));
  }
  load();
})();
