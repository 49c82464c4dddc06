package org.imagerepo.cli;

import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.ImageRepoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "logout", sortOptions = false,
        description = "Forget the saved tokens, and end the session at the sign-in server when it lets us.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CredentialsStore store = root.store();
        Optional<Credentials> saved;
        try {
            saved = store.load();
        } catch (ImageRepoException damaged) {
            saved = Optional.empty();
        }
        if (saved.isEmpty()) {
            boolean removed = store.delete();
            err.println(removed ? "Removed " + store.file() + "." : "Not signed in.");
            err.flush();
            return 0;
        }
        Credentials c = saved.get();
        // Best effort, and before the file goes: without the refresh token the session cannot be ended.
        boolean ended = root.impatientOidc().revoke(c.issuer(), c.clientId(), c.refreshToken());
        store.delete();
        err.println("Signed out" + (c.username() == null ? "" : " " + c.username()) + " of " + c.url()
                + (ended ? "." : " (the sign-in server did not confirm the end of the session; it ends when it "
                + "expires)."));
        err.flush();
        return 0;
    }
}
