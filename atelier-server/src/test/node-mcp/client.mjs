// One MCP session against a server, with the official TypeScript SDK's Streamable HTTP client:
//   node client.mjs URL KEY tools          lists the tools
//   node client.mjs URL KEY call NAME      calls tool NAME with the JSON arguments read from stdin
//   node client.mjs URL KEY calls          calls the tools of stdin's [{"name", "arguments", "progress"}, ...] in turn, in one
//                                          session; the result is the list of their results, an error ({"error", "code"}) in
//                                          the place of a failed call; with "progress": true the call asks for progress
//                                          notifications, listed in its result's "progress"
// Prints one JSON line: {"ok": true, "result": ..., "server": ..., "protocol": ...} or {"ok": false, "error", "code", "data"}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, key, action, name] = process.argv.slice(2);

async function stdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim() === '' ? {} : JSON.parse(text);
}

const args = action === 'call' || action === 'calls' ? await stdin() : null;
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
const client = new Client({ name: 'atelier-test-client', version: '1.0.0' });
let report;
try {
  await client.connect(transport);
  let result;
  if (action === 'tools') result = await client.listTools();
  else if (action === 'call') result = await client.callTool({ name, arguments: args });
  else if (action === 'calls') {
    result = [];
    for (const c of args) {
      const progress = [];
      const options = c.progress ? { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true } : undefined;
      const r = await client.callTool({ name: c.name, arguments: c.arguments }, undefined, options)
        .catch((e) => ({ error: String(e.message), code: e.code ?? null, data: e.data ?? null }));
      if (c.progress) r.progress = progress;
      result.push(r);
    }
  }
  else throw new Error(`unknown action ${action}; use tools, call or calls`);
  report = { ok: true, result, server: client.getServerVersion(), protocol: transport.protocolVersion ?? null };
} catch (e) {
  report = { ok: false, error: String(e.message), code: e.code ?? null, data: e.data ?? null };
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(report));
