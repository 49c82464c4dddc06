package org.imagerepo.cli;

import org.imagerepo.client.Image;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.builtins.Completers.FileNameCompleter;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tab completion from the commands' own definitions: command and subcommand names, their options, and what a
 * parameter holds as its label says: an image id ({@code ID}, asked of the repository), a metadata field
 * ({@code KEY=VALUE} of modify), a store, a permission, a file.
 */
final class ShellCompleter implements Completer {

    static final List<String> STORES = List.of("fs", "gridfs", "s3", "swift");
    static final List<String> PERMISSIONS = List.of(Image.PERMISSION_PRIVATE, "public");
    /** The fields modify may set (the others are the system's). */
    static final List<String> SETTABLE = List.of("name", "os", "description", "tag", "vmType", "imgType", "permission",
            "imgStatus", "arch", "diskFormat");

    private final CommandLine commands;
    private final ImageIds images;
    private final FileNameCompleter files = new FileNameCompleter();

    /** The images the signed-in user can see, as id and name. */
    interface ImageIds {
        Map<String, String> current();
    }

    ShellCompleter(CommandLine commands, ImageIds images) {
        this.commands = commands;
        this.images = images;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = new ArrayList<>(line.words().subList(0, line.wordIndex()));
        if (!words.isEmpty() && words.get(0).equals("imagerepo")) {
            words.remove(0);
        }
        String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (words.isEmpty()) {
            commands.getSubcommands().keySet().stream().filter(n -> !n.equals("shell"))
                    .forEach(n -> candidates.add(new Candidate(n)));
            Shell.builtinNames().forEach(n -> candidates.add(new Candidate(n, n, "shell", null, null, null, true)));
            return;
        }
        CommandLine command = commands.getSubcommands().get(words.get(0));
        if (command == null) {
            if (words.get(0).equals("load") || words.get(0).equals("record")) {
                files.complete(reader, line, candidates);
            } else if (words.get(0).equals("help")) {
                commands.getSubcommands().keySet().forEach(n -> candidates.add(new Candidate(n)));
            }
            return;
        }
        int at = 1;
        // Down the subcommands named (rule set, user add ...).
        while (at < words.size() && command.getSubcommands().containsKey(words.get(at))) {
            command = command.getSubcommands().get(words.get(at));
            at++;
        }
        CommandSpec spec = command.getCommandSpec();
        List<String> after = words.subList(at, words.size());
        OptionSpec pending = optionAwaitingValue(spec, after);
        if (pending != null) {
            values(pending, reader, line, candidates);
            return;
        }
        if (current.startsWith("-")) {
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    for (String name : option.names()) {
                        candidates.add(new Candidate(name, name, null, firstLine(option.description()), null, null, true));
                    }
                }
            }
            return;
        }
        if (!command.getSubcommands().isEmpty() && after.isEmpty()) {
            command.getSubcommands().keySet().stream().filter(n -> !n.equals("help"))
                    .forEach(n -> candidates.add(new Candidate(n)));
            return;
        }
        PositionalParamSpec positional = positionalAt(spec, positionalCount(spec, after));
        if (positional != null) {
            values(positional, reader, line, candidates);
        }
    }

    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        switch (arg.paramLabel()) {
            case "ID" -> images.current().forEach((id, name) ->
                    candidates.add(new Candidate(id, id, null, name, null, null, true)));
            case "KEY=VALUE" -> {
                if (arg.command().name().equals("modify")) {
                    SETTABLE.forEach(f -> candidates.add(new Candidate(f + "=", f + "=", null, null, null, null, false)));
                }
            }
            case "STORE" -> STORES.forEach(s -> candidates.add(new Candidate(s)));
            case "PERMISSION", "PERM" -> PERMISSIONS.forEach(p -> candidates.add(new Candidate(p)));
            case "FILE" -> files.complete(reader, line, candidates);
            default -> {
                // free text: nothing to offer
            }
        }
    }

    /** The option whose value the next word is, if the words so far end with one that takes a value. */
    private static OptionSpec optionAwaitingValue(CommandSpec spec, List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        String last = words.get(words.size() - 1);
        OptionSpec option = spec.findOption(last);
        return option != null && option.arity().min() > 0 && !last.contains("=") ? option : null;
    }

    /** How many positional words precede the cursor (option values not counted). */
    private static int positionalCount(CommandSpec spec, List<String> words) {
        int count = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                OptionSpec option = spec.findOption(w);
                if (option != null && option.arity().min() > 0 && !w.contains("=")) {
                    i++; // its value
                }
            } else {
                count++;
            }
        }
        return count;
    }

    private static PositionalParamSpec positionalAt(CommandSpec spec, int index) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(index)) {
                return p;
            }
        }
        return null;
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? null : description[0];
    }

    /** The ids of the images the user can see, asked again at most every few seconds while completing. */
    static ImageIds cached(Supplier<Map<String, String>> fetch, Duration fresh) {
        return new ImageIds() {
            private Map<String, String> ids = Map.of();
            private long at = Long.MIN_VALUE;

            @Override
            public synchronized Map<String, String> current() {
                long now = System.nanoTime();
                if (at == Long.MIN_VALUE || now - at > fresh.toNanos()) {
                    try {
                        ids = fetch.get();
                    } catch (RuntimeException e) {
                        ids = Map.of(); // not signed in, or the repository is away: nothing to offer
                    }
                    at = now;
                }
                return ids;
            }
        };
    }
}
