package org.imagerepo.cli;

import org.imagerepo.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionCommandTest {

    @TempDir
    Path tmp;

    private Result run(String... args) {
        return CliTestSupport.run(Map.of(), tmp, false, args);
    }

    /**
     * What the script offers bash for {@code words}, the last one being completed. Outside a real Tab, bash's
     * compopt complains on stderr: only the offers count.
     */
    private String completeInBash(Path script, String words) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", "source \"$1\"; COMP_WORDS=($2);"
                + " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _complete_imagerepo; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash", script.toString(), words).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash finished");
        String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), said);
        return said;
    }

    @Test
    void theBashScriptCompletesCommandsAndTheirOptions() throws Exception {
        Result r = run("completion", "bash");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("echo 'source ~/.imagerepo-completion.bash' >> ~/.bashrc"), r.out());
        Path script = Files.writeString(tmp.resolve("imagerepo.bash"), r.out());

        assertEquals("put\n", completeInBash(script, "imagerepo pu"));
        assertTrue(completeInBash(script, "imagerepo put --attr").contains("--attributes"));
    }

    @Test
    void theZshScriptIsTheSameScriptLoadedThroughBashcompinit() {
        Result r = run("completion", "zsh");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("echo 'source ~/.imagerepo-completion.zsh' >> ~/.zshrc"), r.out());
        assertTrue(r.out().contains("autoload -U +X bashcompinit && bashcompinit"), r.out());
        assertTrue(r.out().contains("complete -F _complete_imagerepo"), r.out());
    }

    @Test
    void anotherShellIsAUsageErrorNamingTheTwo() {
        Result r = run("completion", "fish");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("expected one of [bash, zsh]"), r.err());
    }
}
