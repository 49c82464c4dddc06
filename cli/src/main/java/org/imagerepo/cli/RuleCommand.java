package org.imagerepo.cli;

import org.imagerepo.client.Rule;
import org.imagerepo.client.RuleUpdate;
import org.imagerepo.client.Rules;
import org.imagerepo.client.TriggerAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code imagerepo rule ...}: trigger-service's rules (quota, cleansing, staging for rain reservations), for admins.
 * Every rule has {@code enabled} and {@code dryRun}, and settings of its own.
 */
@Command(name = "rule", sortOptions = false,
        description = {
                "Show, change and run trigger-service's rules (admins).",
                "A rule in dry run records what it would do (imagerepo actions) without doing it.",
                "Examples:  imagerepo rule set unused-images --enable --dry-run false unusedDays=60",
                "           imagerepo rule run unused-images --dry-run"
        },
        subcommands = {
                RuleCommand.ListRules.class,
                RuleCommand.Show.class,
                RuleCommand.Set.class,
                RuleCommand.Run.class
        })
final class RuleCommand implements Runnable {

    static final List<String> COLUMNS = List.of("name", "enabled", "dryRun", "description");

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing rule command: list, show, set or run");
    }

    /** One rule, one field a line, its settings indented below. */
    static void print(CommandSpec spec, OutputOptions output, Rule rule) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, rule);
            return;
        }
        Map<String, Object> fields = Output.fieldsOf(rule);
        fields.put("settings", null); // "-" when there are none; else listed below, one a line
        if (!rule.settings().isEmpty()) {
            fields.remove("settings");
        }
        Output.fieldLines(out, fields);
        if (!rule.settings().isEmpty()) {
            out.println("settings");
            Map<String, Object> settings = new LinkedHashMap<>();
            rule.settings().forEach((k, v) -> settings.put("  " + k, v));
            Output.fieldLines(out, settings);
        }
        out.flush();
    }

    /** What the {@code rule} subcommands have: the client, their own spec, the output options. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        RuleCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOptions output;

        Rules rules() {
            return parent.root.client(spec).rules();
        }
    }

    @Command(name = "list", aliases = "ls", sortOptions = false, description = "List the rules.")
    static final class ListRules extends Sub {
        @Override
        public Integer call() {
            List<Rule> rules = rules().list();
            if (output.json()) {
                Output.json(spec.commandLine().getOut(), rules);
            } else {
                Output.records(spec.commandLine().getOut(), COLUMNS, rules, "(no rules)");
            }
            return 0;
        }
    }

    @Command(name = "show", sortOptions = false, description = "Show one rule and its settings.")
    static final class Show extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the rule")
        String name;

        @Override
        public Integer call() {
            print(spec, output, rules().show(name));
            return 0;
        }
    }

    @Command(name = "set", sortOptions = false,
            description = {
                    "Change a rule: turn it on or off, in or out of dry run, and its settings as KEY=VALUE (a value "
                            + "is read as the type the setting has now: number, true/false or text); show it.",
                    "Example:  imagerepo rule set NAME --enable --dry-run false KEY=VALUE (imagerepo rule show NAME lists its settings)"
            })
    static final class Set extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the rule")
        String name;

        @Option(names = "--enable", description = "let the rule act")
        boolean enable;

        @Option(names = "--disable", description = "stop the rule")
        boolean disable;

        @Option(names = "--dry-run", paramLabel = "true|false", arity = "1",
                description = "true: only record what it would do; false: do it")
        Boolean dryRun;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "settings to change")
        List<String> settings;

        @Override
        public Integer call() {
            if (enable && disable) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --enable or --disable, not both");
            }
            Map<String, String> given = new LinkedHashMap<>();
            for (String kv : settings == null ? List.<String>of() : settings) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "'" + kv + "' is not KEY=VALUE, e.g. unusedDays=60");
                }
                given.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
            Boolean enabled = enable ? Boolean.TRUE : disable ? Boolean.FALSE : null;
            if (enabled == null && dryRun == null && given.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "nothing to change: give --enable, --disable, --dry-run true|false or KEY=VALUE");
            }
            Map<String, Object> typed = null;
            if (!given.isEmpty()) {
                // Typed like the values the rule has now; unknown keys go as text and the service names them.
                Map<String, Object> current = rules().show(name).settings();
                typed = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : given.entrySet()) {
                    typed.put(e.getKey(), typed(e.getKey(), e.getValue(), current.get(e.getKey())));
                }
            }
            print(spec, output, rules().update(name, new RuleUpdate(enabled, dryRun, typed)));
            return 0;
        }

        private Object typed(String key, String value, Object current) {
            if (current instanceof Boolean) {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            key + " is true or false, not '" + value + "'");
                }
                return Boolean.valueOf(v);
            }
            if (current instanceof Number) {
                try {
                    BigDecimal n = new BigDecimal(value);
                    return n.scale() <= 0 ? (Object) n.longValueExact() : n;
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            key + " is a number, not '" + value + "'");
                }
            }
            return value;
        }
    }

    @Command(name = "run", sortOptions = false,
            description = "Run a scanning rule now (stuck uploads, unused images) and list what it did.")
    static final class Run extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the rule")
        String name;

        @Option(names = "--dry-run", description = "only record what it would do, whatever the rule's setting")
        boolean dryRun;

        @Override
        public Integer call() {
            List<TriggerAction> actions = rules().run(name, dryRun);
            if (output.json()) {
                Output.json(spec.commandLine().getOut(), actions);
            } else {
                ActionsCommand.print(spec.commandLine().getOut(), actions);
            }
            return 0;
        }
    }
}
