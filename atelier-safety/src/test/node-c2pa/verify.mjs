// Reads one image's C2PA manifest store with c2pa-wasm (c2pa-rs compiled to WebAssembly) and prints what it found as
// one JSON object: {found, state, success, informational, failure, manifest, error}.
// Usage: node verify.mjs IMAGE TRUST_ANCHOR_PEM
// The trust anchor (a CA certificate in PEM) is the only certificate trusted; trust checking is on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';

const [image, anchorPem] = process.argv.slice(2);
if (!image || !anchorPem) {
  console.error('usage: node verify.mjs IMAGE TRUST_ANCHOR_PEM');
  process.exit(2);
}

initSync({ module: readFileSync(fileURLToPath(import.meta.resolve('@contentauth/c2pa-wasm/c2pa.wasm'))) });

const bytes = readFileSync(image);
const ascii = (from, to) => String.fromCharCode(...bytes.subarray(from, to));
const format = bytes[0] === 0x89 && bytes[1] === 0x50 ? 'image/png'
  : ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP' ? 'image/webp' : 'image/jpeg';
// The extended key usages C2PA's trust model accepts for a signer (C2PA specification, certificate profile); without
// this list c2pa-rs, given its own anchors, accepts id-kp-emailProtection only.
const allowedEkus = [
  '1.3.6.1.5.5.7.3.4', // id-kp-emailProtection
  '1.3.6.1.5.5.7.3.36', // id-kp-documentSigning
  '1.3.6.1.5.5.7.3.8', // id-kp-timeStamping
  '1.3.6.1.5.5.7.3.9', // id-kp-OCSPSigning
  '1.3.6.1.4.1.62558.2.1', // C2PA signing
].join('\n');
// c2pa-rs settings (version 1): only the given anchor is trusted, and the reader verifies trust.
const settings = {
  version: 1,
  trust: { trust_anchors: readFileSync(anchorPem, 'utf8'), trust_config: allowedEkus },
  verify: { verify_after_reading: true, verify_trust: true, ocsp_fetch: false, remote_manifest_fetch: false },
};

const codes = (list) => (list ?? []).map((s) => ({ code: s.code, url: s.url, explanation: s.explanation }));
try {
  const reader = await WasmReader.fromBytes(format, new Uint8Array(bytes), JSON.stringify(settings));
  const store = JSON.parse(reader.json());
  const results = store.validation_results?.activeManifest ?? {};
  console.log(JSON.stringify({
    found: true,
    state: store.validation_state ?? null,
    success: codes(results.success),
    informational: codes(results.informational),
    failure: codes(results.failure),
    manifest: store.manifests?.[store.active_manifest] ?? null,
  }));
} catch (e) {
  console.log(JSON.stringify({ found: false, error: String(e?.message ?? e) }));
}
