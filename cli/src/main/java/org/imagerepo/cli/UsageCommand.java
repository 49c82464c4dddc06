package org.imagerepo.cli;

import org.imagerepo.client.Usage;
import org.imagerepo.vocabulary.ByteSizes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code imagerepo usage}: storage and transfers per day, from accounting-service. */
@Command(name = "usage", sortOptions = false,
        description = {
                "Show use of the repository per day, with totals.",
                "Space stored over time (byte-hours: 1 GiB kept a whole day is 24 GiB·h), bytes downloaded and "
                        + "downloads. Default: your own use over the last 30 days.",
                "Examples:  imagerepo usage --from 2026-11-01 --to 2026-12-01",
                "           imagerepo usage --user '*'      (admins: everyone)"
        })
final class UsageCommand extends RepositoryCommand {

    @Option(names = "--user", paramLabel = "USER",
            description = "whose use: a user name, or * for everyone (admins; default: yours)")
    String user;

    @Option(names = "--from", paramLabel = "DATE", converter = DateConverter.class,
            description = "the first day, YYYY-MM-DD (default: 30 days ago)")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", converter = DateConverter.class,
            description = "the day after the last, YYYY-MM-DD, exclusive (default: the repository's, up to now)")
    LocalDate to;

    @Override
    public Integer call() {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--to " + to + " must be after --from " + from + " (--to is exclusive)");
        }
        Usage usage = root.client(spec).accounting().usage(user, from, to);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, usage);
            return 0;
        }
        out.println("usage of " + ("*".equals(usage.user()) ? "all users" : usage.user()) + " from " + usage.from()
                + " to " + usage.to() + " (exclusive)");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("day", "stored", "transferred", "downloads"));
        for (Usage.Day d : usage.days()) {
            rows.add(List.of(String.valueOf(d.day()), byteHours(d.storedByteHours()),
                    ByteSizes.format(d.transferredBytes()), String.valueOf(d.downloads())));
        }
        Usage.Totals t = usage.totals();
        if (t != null) {
            rows.add(List.of("total", byteHours(t.storedByteHours()), ByteSizes.format(t.transferredBytes()),
                    String.valueOf(t.downloads())));
        }
        Output.rows(out, rows);
        return 0;
    }

    /** Byte-hours in readable units: {@code 25769803776} as {@code 24.0 GiB·h}. */
    static String byteHours(double byteHours) {
        String bytes = ByteSizes.format(Math.round(byteHours));
        return bytes.endsWith(" B") ? String.format(Locale.ROOT, "%.0f B·h", byteHours) : bytes + "·h";
    }

    /** Days as ISO dates; anything else is a usage error that says the format. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date: write YYYY-MM-DD, "
                        + "e.g. 2026-11-01");
            }
        }
    }
}
