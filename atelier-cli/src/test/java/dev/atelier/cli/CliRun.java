package dev.atelier.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process, capturing what it prints. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.execute(args);
            return new CliRun(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
