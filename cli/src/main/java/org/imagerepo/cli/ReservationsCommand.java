package org.imagerepo.cli;

import org.imagerepo.client.Reservation;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** {@code imagerepo reservations}: the rain reservations trigger-service stages images for. */
@Command(name = "reservations", sortOptions = false,
        description = {
                "List the rain reservations and how far staging each got (admins).",
                "States: scheduled, staging, staged, failed, released, cancelled."
        })
final class ReservationsCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("reservationId", "imageId", "target", "start", "end", "state",
            "location", "detail");

    @Override
    public Integer call() {
        List<Reservation> reservations = root.client(spec).reservations().list();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, reservations);
        } else {
            Output.records(out, COLUMNS, reservations, "(no reservations)");
        }
        return 0;
    }
}
