package dev.atelier.server.api;

import dev.atelier.server.service.Json;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (the process answers), {@code /readyz} (it can take work), {@code /metrics}, {@code /openapi.json}. */
public final class OpsApi {
    private final Database db;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier accepting;
    private final byte[] openapi;

    public OpsApi(Database db, PrometheusMeterRegistry metrics, BooleanSupplier accepting) {
        this.db = db;
        this.metrics = metrics;
        this.accepting = accepting;
        try (InputStream in = OpsApi.class.getResourceAsStream("/openapi.json")) {
            this.openapi = in == null ? "{}".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    public void register(Router r) {
        r.open("GET", "/healthz", call -> call.json(200, Json.object().put("status", "ok")));
        r.open("GET", "/readyz", this::ready);
        r.open("GET", "/metrics", call -> call.send(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        r.open("GET", "/openapi.json", call -> call.send(200, "application/json", openapi));
    }

    private void ready(HttpCall call) throws IOException {
        boolean dbOk;
        try {
            dbOk = db.withConnection(c -> c.isValid(2));
        } catch (RuntimeException e) {
            dbOk = false;
        }
        boolean ok = dbOk && accepting.getAsBoolean();
        call.json(ok ? 200 : 503, Json.object().put("status", ok ? "ready" : "not ready").put("database", dbOk)
                .put("accepting", accepting.getAsBoolean()));
    }
}
