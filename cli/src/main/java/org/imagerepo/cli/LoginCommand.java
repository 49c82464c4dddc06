package org.imagerepo.cli;

import org.imagerepo.client.AuthConfig;
import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.DeviceAuthorization;
import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.TokenSource;
import org.imagerepo.client.Tokens;
import org.imagerepo.client.UnauthorizedException;
import org.imagerepo.client.User;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "login", sortOptions = false,
        description = {
                "Sign in to the repository and keep the tokens for the other commands.",
                "Asks for your user name and password (the directory's), or with --device shows a page and a code "
                        + "to confirm in a browser (any machine). The tokens are kept in credentials.json, readable "
                        + "by you only, and renewed as long as the session lasts; for one repository URL at a time.",
                "Examples:  imagerepo login --username alice",
                "           echo \"$PASSWORD\" | imagerepo login --username alice --password-stdin",
                "           imagerepo login --device"
        })
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--username"}, paramLabel = "NAME",
            description = "your user name (asked for when not given)")
    String username;

    @Option(names = "--password-stdin",
            description = "read the password from the first line of stdin (for scripts) instead of asking")
    boolean passwordStdin;

    @Option(names = "--device",
            description = "sign in in a browser instead: prints a page and a code to confirm there")
    boolean device;

    @Override
    public Integer call() {
        if (device && (passwordStdin || username != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--device signs in in the browser: it takes neither --username nor --password-stdin");
        }
        PrintWriter err = spec.commandLine().getErr();
        URI base = root.baseUri(spec);
        OidcLogin oidc = root.oidc();
        // Ask the gateway first: if it cannot be reached there is no point in asking for a password.
        AuthConfig auth = oidc.discover(base);
        Tokens tokens;
        if (device) {
            tokens = oidc.device(auth, da -> prompt(err, da));
        } else {
            String user = username != null ? username : askUsername();
            char[] password = passwordStdin ? readPasswordLine() : askPassword(user);
            try {
                tokens = oidc.password(auth, user, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        // Who the repository takes us for; a token the gateway refuses is not worth keeping.
        User me = null;
        String unknownWhy = null;
        try {
            me = ImageRepoClient.builder().baseUri(base).tokens(TokenSource.of(tokens.accessToken())).build()
                    .users().whoami();
        } catch (UnauthorizedException e) {
            throw new ImageRepoException(ImageRepoException.Kind.UNAUTHORIZED, "the sign-in server accepted you but "
                    + "imagerepo at " + base + " refused the token: " + e.getMessage());
        } catch (ImageRepoException e) {
            unknownWhy = e.getMessage();
        }
        CredentialsStore store = root.store();
        Optional<Credentials> before = loadQuietly(store);
        store.save(Credentials.of(base, auth, tokens));

        String name = me != null ? me.username() : tokens.username() != null ? tokens.username() : username;
        String about = me != null ? me.role() + ", " + me.status() : "your record could not be read: " + unknownWhy;
        err.println("Signed in as " + name + " (" + about + ") to " + base);
        before.filter(c -> !c.isFor(base)).ifPresent(c -> err.println("The sign-in to " + c.url() + " was replaced."));
        if (me != null && User.STATUS_PENDING.equalsIgnoreCase(me.status())) {
            err.println("Your account is pending: an administrator must activate it before you can use the repository.");
        } else if (me != null && User.STATUS_DEACTIVATED.equalsIgnoreCase(me.status())) {
            err.println("Your account is deactivated: ask an administrator of the repository.");
        }
        err.flush();
        return 0;
    }

    private static void prompt(PrintWriter err, DeviceAuthorization da) {
        err.println("To sign in, open this page in a browser (on any machine):");
        err.println("  " + da.browserUri());
        err.println("and check that it shows the code " + da.userCode() + " (or enter it at " + da.verificationUri()
                + "). Waiting for the sign-in...");
        err.flush();
    }

    private String askUsername() {
        ImageRepoCli.Prompter p = root.prompter();
        if (p == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no terminal to ask for your user name on: give --username (or use --device)");
        }
        String user = p.readLine("Username: ");
        if (user == null || user.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no user name given");
        }
        return user.strip();
    }

    private char[] askPassword(String user) {
        ImageRepoCli.Prompter p = root.prompter();
        if (p == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no terminal to ask for the password on: use --password-stdin (or --device)");
        }
        char[] password = p.readPassword("Password for " + user + ": ");
        if (password == null || password.length == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no password given");
        }
        return password;
    }

    /** The first line of stdin, without its line ending; read byte by byte so that nothing else is consumed. */
    private char[] readPasswordLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = root.stdin();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot read the password from stdin: "
                    + e.getMessage(), e);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, n));
        Arrays.fill(bytes, (byte) 0);
        char[] password = new char[chars.remaining()];
        chars.get(password);
        if (password.length == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--password-stdin: stdin has no password");
        }
        return password;
    }

    private static Optional<Credentials> loadQuietly(CredentialsStore store) {
        try {
            return store.load();
        } catch (ImageRepoException e) {
            return Optional.empty(); // damaged: replaced by this sign-in anyway
        }
    }
}
