'use strict';
// Shared helpers: JSON calls that show the server's error message, and small DOM builders.
const Atelier = {
  async call(method, url, body) {
    const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    const res = await fetch(url, opts);
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
  async feedback(imageId, body) {
    return Atelier.call('POST', '/studio/api/images/' + encodeURIComponent(imageId) + '/feedback', body);
  },
};
