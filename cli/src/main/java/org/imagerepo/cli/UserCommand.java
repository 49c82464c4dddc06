package org.imagerepo.cli;

import org.imagerepo.client.NewUser;
import org.imagerepo.client.User;
import org.imagerepo.client.UserList;
import org.imagerepo.client.UserUpdate;
import org.imagerepo.client.Users;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code imagerepo user ...}: the repository's own records of its users (role, status, quota), for admins. A user is
 * recorded at their first sign-in; {@code add} records one beforehand.
 */
@Command(name = "user", sortOptions = false,
        description = {
                "Manage the repository's users (admins; anyone may show themselves).",
                "Users are recorded at their first sign-in, with the status the repository is configured with "
                        + "(pending: an admin activates them). SIZE is bytes or a number with K, M, G, T "
                        + "(binary: 8G = 8 GiB).",
                "Examples:  imagerepo user set-status bob activated",
                "           imagerepo user set-quota bob 500G"
        },
        subcommands = {
                UserCommand.Add.class,
                UserCommand.Remove.class,
                UserCommand.ListUsers.class,
                UserCommand.Show.class,
                UserCommand.SetQuota.class,
                UserCommand.SetRole.class,
                UserCommand.SetStatus.class
        })
final class UserCommand implements Runnable {

    enum Role { admin, user }

    enum Status { pending, activated, deactivated }

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing user command: add, remove, list, show, set-quota, set-role or set-status");
    }

    static void print(CommandSpec spec, OutputOptions output, User user) {
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), user);
        } else {
            Output.details(spec.commandLine().getOut(), user);
        }
    }

    /** What the {@code user} subcommands have: the client, their own spec, the output options. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOptions output;

        Users users() {
            return parent.root.client(spec).users();
        }

        Integer show(User user) {
            print(spec, output, user);
            return 0;
        }
    }

    @Command(name = "add", sortOptions = false,
            description = "Record a user before their first sign-in; show them.")
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the name they sign in with")
        String name;

        @Option(names = "--quota", paramLabel = "SIZE", converter = Sizes.Converter.class,
                description = "how much they may store (default: the repository's)")
        Long quota;

        @Option(names = "--role", paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES} (default user)")
        Role role;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "${COMPLETION-CANDIDATES} (default: the repository's)")
        Status status;

        @Override
        public Integer call() {
            return show(users().add(new NewUser(name, role == null ? null : role.name(),
                    status == null ? null : status.name(), quota)));
        }
    }

    @Command(name = "remove", aliases = "rm", sortOptions = false,
            description = "Remove a user's record (their images stay).")
    static final class Remove extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Override
        public Integer call() {
            users().remove(name);
            if (output.json()) {
                Output.json(spec.commandLine().getOut(), java.util.Map.of("username", name, "removed", true));
            } else {
                spec.commandLine().getOut().println("removed user " + name);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", aliases = "ls", sortOptions = false, description = "List every user.")
    static final class ListUsers extends Sub {
        @Override
        public Integer call() {
            UserList all = users().list();
            if (output.json()) {
                Output.json(spec.commandLine().getOut(), all);
            } else {
                Output.users(spec.commandLine().getOut(), all.users());
            }
            return 0;
        }
    }

    @Command(name = "show", sortOptions = false, description = "Show one user.")
    static final class Show extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Override
        public Integer call() {
            return show(users().show(name));
        }
    }

    @Command(name = "set-quota", sortOptions = false, description = "Change how much a user may store; show them.")
    static final class SetQuota extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "SIZE", converter = Sizes.Converter.class,
                description = "bytes, or e.g. 500M, 8G, 1T (binary units)")
        Long quota;

        @Override
        public Integer call() {
            return show(users().update(name, UserUpdate.quota(quota)));
        }
    }

    @Command(name = "set-role", sortOptions = false, description = "Make a user an admin, or not; show them.")
    static final class SetRole extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}")
        Role role;

        @Override
        public Integer call() {
            return show(users().update(name, UserUpdate.role(role.name())));
        }
    }

    @Command(name = "set-status", sortOptions = false,
            description = "Let a user in (activated) or not (pending, deactivated); show them.")
    static final class SetStatus extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user")
        String name;

        @Parameters(index = "1", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}")
        Status status;

        @Override
        public Integer call() {
            return show(users().update(name, UserUpdate.status(status.name())));
        }
    }
}
