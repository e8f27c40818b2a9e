package dev.atelier.eval.report;

/** HTML helpers shared by the reports. */
public final class Html {
    private Html() {
    }

    public static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    public static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset='utf-8'><title>" + esc(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse;margin:8px 0}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
                + "td.l,th.l{text-align:left}.pass{outline:3px solid #2a2}.fail{outline:3px solid #d22}"
                + ".imgs img{width:128px;height:128px;margin:4px}.small{color:#666;font-size:12px}"
                + "</style></head><body>" + body + "</body></html>";
    }
}
