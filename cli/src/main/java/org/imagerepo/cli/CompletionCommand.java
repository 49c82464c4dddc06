package org.imagerepo.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "completion", sortOptions = false,
        description = {"Print the script that completes imagerepo's commands and options on Tab (bash, zsh).",
                "Save it once and load it in every new shell, e.g.:",
                "  imagerepo completion bash > ~/.imagerepo-completion.bash",
                "  echo 'source ~/.imagerepo-completion.bash' >> ~/.bashrc"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells the script serves. Picocli writes it for bash; under zsh it loads zsh's bashcompinit itself. */
    enum TargetShell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    TargetShell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("imagerepo", spec.root().commandLine());
        // Saved once rather than made at every shell's start, which would start a JVM each time.
        String file = "~/.imagerepo-completion." + shell;
        String howToLoad = "# For " + shell + ", save it and load it in every new shell:\n"
                + "#   imagerepo completion " + shell + " > " + file + "\n"
                + "#   echo 'source " + file + "' >> ~/." + shell + "rc\n";
        PrintWriter out = spec.commandLine().getOut();
        // After the first line, which names the interpreter.
        out.print(script.replaceFirst("\n", "\n" + howToLoad));
        out.flush();
        return 0;
    }
}
