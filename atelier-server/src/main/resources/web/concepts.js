'use strict';
// What the selected model can draw (its emoji vocabulary or its reference library, from
// /studio/api/models/{m}/concepts): a searchable list under the prompt box, and suggestions for the word being typed.
const Concepts = (function () {
  const $ = (id) => document.getElementById(id);
  let current = null; let searchSeq = 0; let suggestSeq = 0;

  async function query(model, q) {
    return Atelier.call('GET', '/studio/api/models/' + encodeURIComponent(model) + '/concepts?q=' + encodeURIComponent(q));
  }

  const show = (c) => (c.emoji ? c.emoji + ' ' : '') + c.label;

  async function search() {
    if (!current) return;
    const seq = ++searchSeq;
    let d;
    try { d = await query(current, $('concept-q').value.trim()); } catch (e) { $('concept-count').textContent = e.message; return; }
    if (seq !== searchSeq) return;
    const box = $('concepts');
    if (d.kind === 'open') {
      box.hidden = true;
      $('concepts-open').hidden = false;
      $('concepts-open').textContent = current + ' takes any text: it has no fixed list of things it draws.';
      return;
    }
    $('concepts-open').hidden = true;
    box.hidden = false;
    $('concepts-summary').textContent = 'What ' + current + ' can draw (' + d.total + (d.kind === 'library' ? ' drawings in its library' : ' emoji it was trained on') + ')';
    const q = $('concept-q').value.trim();
    $('concept-count').textContent = q ? (d.matches ? d.matches + ' match “' + q + '”' + (d.matches > d.concepts.length ? ', the first ' + d.concepts.length + ' shown' : '')
      : 'Nothing matches “' + q + '”.') : (d.total > d.concepts.length ? 'The first ' + d.concepts.length + ' of ' + d.total + '; search for more.' : '');
    $('concept-list').replaceChildren(...d.concepts.map((c) => Atelier.el('li', {}, Atelier.el('button', { type: 'button', class: 'concept',
      title: 'Add “' + c.names[0] + '” to the prompt', text: show(c), onclick: () => insert(c.names[0], false) }))));
  }

  // the word being typed: letters before the caret
  function partial() {
    const p = $('prompt'); const before = p.value.slice(0, p.selectionStart);
    const m = before.match(/([\p{L}\p{N}]{2,})$/u);
    return m ? m[1] : '';
  }

  function insert(name, replacePartial) {
    const p = $('prompt');
    let before = p.value.slice(0, p.selectionStart); const after = p.value.slice(p.selectionEnd);
    if (replacePartial) before = before.slice(0, before.length - partial().length);
    else if (before && !/\s$/.test(before)) before += ' ';
    p.value = before + name + (after.startsWith(' ') ? '' : ' ') + after;
    const at = (before + name + ' ').length;
    p.focus(); p.setSelectionRange(at, at);
    $('suggestions').hidden = true;
  }

  async function suggest() {
    const word = partial(); const box = $('suggestions');
    const seq = ++suggestSeq;
    if (!current || !word) { box.hidden = true; return; }
    let d;
    try { d = await query(current, word.toLowerCase()); } catch (e) { return; }
    if (seq !== suggestSeq) return;
    if (d.kind === 'open' || !d.concepts.length) { box.hidden = true; return; }
    box.replaceChildren(Atelier.el('span', { class: 'hint', text: 'Known to ' + current + ': ' }),
      ...d.concepts.slice(0, 8).map((c) => Atelier.el('button', { type: 'button', class: 'secondary suggestion', text: show(c),
        title: 'Use “' + c.names[0] + '”', onclick: () => insert(c.names[0], true) })));
    box.hidden = false;
  }

  let timer = null;
  document.addEventListener('DOMContentLoaded', () => {
    $('concept-q').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 150); });
    $('prompt').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  });
  return { model(name) { current = name; $('concept-q').value = ''; $('suggestions').hidden = true; search(); } };
})();
