'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let battle = null;
  let timer = null;
  const votes = ['vote-a', 'vote-b', 'vote-tie', 'vote-both-bad'];

  async function init() {
    try {
      const p = await Atelier.call('GET', '/arena/api/prompts');
      $('curated').replaceChildren(...p.prompts.map((t) => Atelier.el('option', { value: t })));
      if (p.contestants < 2) Atelier.showError('The arena needs at least two contestants; ' + p.contestants + ' are set up.');
    } catch (e) { Atelier.showError(e.message); }
  }

  // both images are fetched together and shown in the same frame, only once both have loaded and decoded
  async function reveal(b) {
    // the loaded elements themselves go into the page (the images are not cacheable, so a new src would fetch again)
    const load = (side) => { const i = new Image(); i.alt = 'Image ' + side.toUpperCase(); i.src = b.images[side]; return i.decode().then(() => i); };
    const [a, bb] = await Promise.all([load('a'), load('b')]);
    if (!battle || battle.id !== b.id) return;
    a.id = 'img-a'; bb.id = 'img-b';
    $('img-a').replaceWith(a); $('img-b').replaceWith(bb);
    $('duel').hidden = false;
    $('battle-progress').hidden = true;
    for (const v of votes) $(v).disabled = false;
    $('vote-status').textContent = 'Which is better?';
    $('vote-a').focus();
  }

  function show(b) {
    battle = b;
    $('battle').hidden = false;
    $('battle-prompt').textContent = b.prompt;
    if (b.status !== 'ready') for (const v of votes) $(v).disabled = true;
    if (b.status === 'failed') { $('battle-progress').hidden = true; $('vote-status').textContent = 'One of the images could not be made. Start another battle.'; }
    if (b.status === 'generating') $('vote-status').textContent = 'Generating…';
    if (b.status === 'voted') {
      $('reveal-a').textContent = b.reveal.a.name; $('reveal-a').title = b.reveal.a.settings || '';
      $('reveal-b').textContent = b.reveal.b.name; $('reveal-b').title = b.reveal.b.settings || '';
      $('side-a').classList.toggle('winner', b.vote === 'a');
      $('side-b').classList.toggle('winner', b.vote === 'b');
      $('vote-status').textContent = 'You voted: ' + { a: 'A is better', b: 'B is better', tie: 'tie', both_bad: 'both are bad' }[b.vote] + '.';
      $('next-battle').hidden = false;
      $('next-battle').focus();
    }
  }

  async function poll() {
    if (!battle) return;
    try {
      const b = await Atelier.call('GET', '/arena/api/battles/' + encodeURIComponent(battle.id));
      show(b);
      if (b.status === 'generating') timer = setTimeout(poll, 300);
      else if (b.status === 'ready') await reveal(b);
    } catch (e) { Atelier.showError(e.message); }
  }

  async function start(ev) {
    if (ev) ev.preventDefault();
    clearTimeout(timer);
    Atelier.showError('');
    battle = null;
    for (const s of ['a', 'b']) { $('img-' + s).removeAttribute('src'); $('reveal-' + s).textContent = ''; $('side-' + s).classList.remove('winner'); }
    $('duel').hidden = true;
    $('battle-progress').hidden = false;
    for (const v of votes) $(v).disabled = true;
    $('next-battle').hidden = true;
    $('battle-start').disabled = true;
    try {
      show(await Atelier.call('POST', '/arena/api/battles', { prompt: $('arena-prompt').value }));
      poll();
    } catch (e) { Atelier.showError(e.message); } finally { $('battle-start').disabled = false; }
  }

  async function vote(v) {
    for (const b of votes) $(b).disabled = true;
    try {
      show(await Atelier.call('POST', '/arena/api/battles/' + encodeURIComponent(battle.id) + '/vote', { vote: v }));
    } catch (e) {
      Atelier.showError(e.message);
      if (e.status === 429) for (const b of votes) $(b).disabled = false;
    }
  }

  $('battle-form').addEventListener('submit', start);
  $('next-battle').addEventListener('click', () => { $('arena-prompt').value = ''; start(); });
  for (const id of votes) $(id).addEventListener('click', () => vote($(id).dataset.vote));
  document.addEventListener('keydown', (ev) => {
    if (!battle || battle.status !== 'ready' || $('duel').hidden || ev.target.tagName === 'INPUT' || ev.target.tagName === 'TEXTAREA') return;
    const key = { a: 'a', b: 'b', t: 'tie', x: 'both_bad' }[ev.key.toLowerCase()];
    if (key) vote(key);
  });
  init();
})();
