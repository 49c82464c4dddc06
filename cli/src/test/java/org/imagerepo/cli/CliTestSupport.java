package org.imagerepo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the imagerepo command in-process and captures what it prints. */
final class CliTestSupport {

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliTestSupport() {
    }

    static Result run(Map<String, String> env, Path workDir, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ImageRepoCli app = new ImageRepoCli(env, terminal, workDir);
        int status = ImageRepoCli.commandLine(app, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(status, out.toString(), err.toString());
    }
}
