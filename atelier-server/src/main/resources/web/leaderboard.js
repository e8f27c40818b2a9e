'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  async function load() {
    let d;
    try { d = await Atelier.call('GET', '/arena/leaderboard.json'); } catch (e) { Atelier.showError(e.message); return; }
    const n = (k, one, many) => k + ' ' + (k === 1 ? one : many);
    $('summary').textContent = n(d.battles, 'counted battle', 'counted battles') + ' of ' + n(d.votes, 'vote', 'votes') + '.';
    $('summary').dataset.battles = d.battles;
    $('summary').dataset.votes = d.votes;
    $('method').textContent = d.method + '. Ratings from fewer than ' + d.provisional_below + ' counted battles are provisional (*).';
    $('empty').hidden = d.contestants.length > 0;
    $('empty').textContent = d.message || '';
    $('board').hidden = d.contestants.length === 0;
    const td = (text, cls) => Atelier.el('td', { text: String(text), class: cls });
    $('board').tBodies[0].replaceChildren(...d.contestants.map((c) => Atelier.el('tr', { 'data-name': c.name, 'data-provisional': String(c.provisional), class: c.provisional ? 'provisional' : '' },
      td(c.rank, 'num'),
      Atelier.el('td', {}, Atelier.el('strong', { text: c.name }), c.settings ? Atelier.el('div', { class: 'hint', text: c.settings }) : null),
      Atelier.el('td', { class: 'num' }, document.createTextNode(String(Math.round(c.rating))),
        c.provisional ? Atelier.el('abbr', { class: 'provisional-mark', title: 'provisional: fewer than ' + d.provisional_below + ' counted battles', text: '*' }) : null),
      td(Math.round(c.ci_lower) + ' – ' + Math.round(c.ci_upper), 'num'),
      td(c.battles, 'num'), td(c.wins + ' / ' + c.losses + ' / ' + c.ties, 'num'))));
    cue();
  }
  // a table wider than its box says so (the wrap also shades the side that scrolls)
  function cue() {
    const wrap = $('board').parentElement;
    $('scroll-cue').classList.toggle('on', !$('board').hidden && wrap.scrollWidth > wrap.clientWidth + 1);
  }
  window.addEventListener('resize', cue);
  load();
})();
