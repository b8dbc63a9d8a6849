package com.example.sync;

import static java.util.Objects.requireNonNull;
import com.sforce.soap.partner.*;

/**
 * Logs every failed row of a partner API update.
 */
@SuppressWarnings("unchecked")
public final class SaveResults implements Reporter {
    private static final long MAX_ROWS = 10_000L;
    private final double ratio = 0.5d, tiny = 1e-3, hexed = 0x1F, bits = 0b1010;
    protected int octal = 017;
    char quote = '\'', tab = '\t', unicode = '\u00e9';
    String escaped = "say \"hi\"\n";
    String block = """
        multi "line"
        """;

    @Override
    public void report(SaveResult[] results) throws ConnectionException {
        for (SaveResult r : results) {
            if (!r.isSuccess() && r.getErrors().length > 0) {
                System.err.println(r.getErrors()[0].getMessage());
            } else {
                var id = r.getId();
                log(id, results.length >= MAX_ROWS ? "full" : null);
            }
        }
        Runnable task = () -> report(new SaveResult[0]);
        boolean ok = true;
        Object cls = SaveResults.class;
    }

    record Row(String id, int line) {}
    sealed interface Shape permits Circle {}
    enum Mode { FAST, SAFE }
}
