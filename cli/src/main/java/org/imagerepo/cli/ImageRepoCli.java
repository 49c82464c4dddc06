package org.imagerepo.cli;

import org.imagerepo.client.CachedTokenSource;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.UnauthorizedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code imagerepo} command: the repository's REST resources as subcommands named as in the original
 * FutureGrid image repository ({@code put, get, query, list, show, modify, remove}), plus {@code copy} between stores,
 * sharing ({@code setpermission, share, unshare}), users ({@code user ...}), signing in ({@code login, logout,
 * whoami}), and the active repository's history, usage and rules ({@code histimg, histuser, usage, reconcile, rule
 * ..., actions, reservations}).
 *
 * <p>{@code login} signs in against the Keycloak the gateway names and keeps the tokens in
 * {@code credentials.json} ({@link CredentialsStore}); every other command sends them ({@link CachedTokenSource},
 * which refreshes them when they are about to expire).
 *
 * <p>Exit status: 0 on success, 1 when the repository (or the local file system) refused, 2 on a usage error.
 */
@Command(name = "imagerepo",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Store, find and fetch virtual-machine images in an imagerepo repository.",
        subcommands = {
                PutCommand.class,
                GetCommand.class,
                QueryCommand.class,
                ListCommand.class,
                ShowCommand.class,
                ModifyCommand.class,
                RemoveCommand.class,
                CopyCommand.class,
                VerifyCommand.class,
                SetPermissionCommand.class,
                ShareCommand.class,
                UnshareCommand.class,
                LoginCommand.class,
                LogoutCommand.class,
                WhoamiCommand.class,
                UserCommand.class,
                HistimgCommand.class,
                HistuserCommand.class,
                UsageCommand.class,
                ReconcileCommand.class,
                RuleCommand.class,
                ActionsCommand.class,
                ReservationsCommand.class,
                ShellCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  IMAGEREPO_URL         the repository's URL (default " + ImageRepoClient.DEFAULT_URL + ")",
                "  IMAGEREPO_CONFIG_DIR  the folder of credentials.json, where login keeps your",
                "                        tokens (default $XDG_CONFIG_HOME/imagerepo, else",
                "                        ~/.config/imagerepo)",
                "",
                "Sign in first with: imagerepo login",
                "Exit status: 0 success, 1 the repository or the file system refused, 2 usage error."
        })
public final class ImageRepoCli implements Runnable {

    public static final String ENV_URL = "IMAGEREPO_URL";
    public static final String ENV_CONFIG_DIR = CredentialsStore.ENV_CONFIG_DIR;
    /** Set by bin/imagerepo to whether stderr is a terminal (the JDK cannot tell on its own). */
    public static final String TTY_PROPERTY = "imagerepo.stderr.tty";
    /** Set by bin/imagerepo to the terminal's width, for the progress bar. */
    public static final String COLUMNS_PROPERTY = "imagerepo.columns";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT, order = 100,
            description = "base URL of the repository (env " + ENV_URL + ", default " + ImageRepoClient.DEFAULT_URL + ")")
    String url;

    @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT, order = 102,
            description = "show a progress bar on stderr during transfers (default: only when stderr is a terminal)")
    Boolean progress;

    @Option(names = "--debug", hidden = true, scope = ScopeType.INHERIT,
            description = "print stack traces of errors")
    boolean debug;

    /** How {@code login} asks for a user name and a password on the terminal (no echo for the password). */
    interface Prompter {
        String readLine(String prompt);

        char[] readPassword(String prompt);

        /** The JVM's console, or {@code null} when there is no terminal to ask on. */
        static Prompter console() {
            Console c = System.console();
            return c == null ? null : new Prompter() {
                @Override
                public String readLine(String prompt) {
                    return c.readLine("%s", prompt);
                }

                @Override
                public char[] readPassword(String prompt) {
                    return c.readPassword("%s", prompt);
                }
            };
        }
    }

    private final Map<String, String> env;
    private final boolean terminal;
    private final Path workDir;
    private final InputStream stdin;
    private final Prompter prompter;
    private final OidcLogin.Sleeper sleeper;
    /** The clients made so far, by repository URL: shared by the commands of one shell session. */
    private final Map<URI, ImageRepoClient> clients;

    /** The command as run from a shell: the process environment, the real working directory. */
    public ImageRepoCli() {
        this(System.getenv(), stderrIsTerminal(), Path.of(""), System.in, Prompter.console(), OidcLogin.Sleeper.REAL);
    }

    /**
     * @param env      where {@value #ENV_URL} and {@value #ENV_CONFIG_DIR} (and {@code XDG_CONFIG_HOME}) are looked up
     * @param terminal whether stderr is a terminal (progress bars are then shown by default)
     * @param workDir  where {@code get} writes when given no {@code -o}
     */
    public ImageRepoCli(Map<String, String> env, boolean terminal, Path workDir) {
        this(env, terminal, workDir, System.in, Prompter.console(), OidcLogin.Sleeper.REAL);
    }

    /**
     * @param stdin    what {@code login --password-stdin} reads
     * @param prompter how {@code login} asks on the terminal, or {@code null} when there is none
     * @param sleeper  how the device sign-in waits between polls (tests do not really wait)
     */
    ImageRepoCli(Map<String, String> env, boolean terminal, Path workDir, InputStream stdin, Prompter prompter,
                 OidcLogin.Sleeper sleeper) {
        this(env, terminal, workDir, stdin, prompter, sleeper, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private ImageRepoCli(Map<String, String> env, boolean terminal, Path workDir, InputStream stdin, Prompter prompter,
                         OidcLogin.Sleeper sleeper, Map<URI, ImageRepoClient> clients) {
        this.clients = clients;
        this.env = env;
        this.terminal = terminal;
        this.workDir = workDir;
        this.stdin = stdin;
        this.prompter = prompter;
        this.sleeper = sleeper;
    }

    public static void main(String[] args) throws java.io.IOException {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        int status = commandLine(new ImageRepoCli(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** A configured command line around {@code app}, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(ImageRepoCli app, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(app);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(ImageRepoCli::handleExecutionException);
        cl.setParameterExceptionHandler(ImageRepoCli::handleParameterException);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /**
     * The client, made on first use from the options and the environment, sending the tokens saved by
     * {@code login} (refreshed when they are about to expire).
     */
    ImageRepoClient client(CommandSpec caller) {
        URI base = baseUri(caller);
        return clients.computeIfAbsent(base, b -> ImageRepoClient.builder().baseUri(b)
                .tokens(new CachedTokenSource(b, store(), oidc(), Clock.systemUTC()))
                .build());
    }

    /**
     * A fresh command for the next line of a shell session: this one's settings ({@code --url}, {@code --progress},
     * {@code --debug} as defaults) and its clients (connections and tokens kept between commands).
     */
    ImageRepoCli sibling() {
        ImageRepoCli next = new ImageRepoCli(env, terminal, workDir, stdin, prompter, sleeper, clients);
        // Before picocli reads the fields: it takes their values as the defaults.
        next.url = url;
        next.progress = progress;
        next.debug = debug;
        return next;
    }

    /** After a sign-in or sign-out in the shell: the next command reads the saved tokens again. */
    void forgetClients() {
        clients.clear();
    }

    /** The repository's (gateway's) URL from {@code --url}, {@value #ENV_URL} or the default; checked. */
    URI baseUri(CommandSpec caller) {
        String base = firstNonBlank(url, env.get(ENV_URL), ImageRepoClient.DEFAULT_URL);
        try {
            ImageRepoClient.builder().baseUri(base); // checks it: http(s) and a host
            return URI.create(base.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(caller.commandLine(),
                    "invalid --url" + (url == null ? " (from " + ENV_URL + ")" : "") + ": " + e.getMessage());
        }
    }

    /** Where the tokens are kept. */
    CredentialsStore store() {
        return CredentialsStore.fromEnvironment(env);
    }

    /** Sign-in against the provider the gateway names. */
    OidcLogin oidc() {
        return OidcLogin.builder().sleeper(sleeper).build();
    }

    /** The same, for what may be left undone ({@code logout}'s revocation): it does not wait long. */
    OidcLogin impatientOidc() {
        return OidcLogin.builder().connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(5)).build();
    }

    InputStream stdin() {
        return stdin;
    }

    /** Whether the shell reads a person's typing (a terminal on stdin and stdout) rather than a pipe or a file. */
    boolean interactive() {
        return stdin == System.in && System.console() != null;
    }

    /** How to ask on the terminal, or {@code null} when there is none. */
    Prompter prompter() {
        return prompter;
    }

    /** Whether transfers show a progress bar. */
    boolean showProgress() {
        return progress != null ? progress : terminal;
    }

    Path workDir() {
        return workDir;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static boolean stderrIsTerminal() {
        String told = System.getProperty(TTY_PROPERTY);
        if (told != null && !told.isBlank()) {
            return Boolean.parseBoolean(told.strip());
        }
        return System.console() != null;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        String message;
        if (ex instanceof UnauthorizedException ue) {
            message = ue.getMessage();
            // What to do about it, unless it says so already or it was the sign-in itself that was refused.
            if (!message.contains("imagerepo login") && !(cl.getCommandSpec().userObject() instanceof LoginCommand)) {
                message += " (run: imagerepo login)";
            }
        } else if (ex instanceof ImageRepoException ire) {
            message = ire.getMessage();
        } else if (ex instanceof java.io.UncheckedIOException uio && uio.getCause() != null) {
            message = String.valueOf(uio.getCause().getMessage());
        } else {
            message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        }
        err.println("imagerepo: " + message);
        ImageRepoCli root = cl.getCommandSpec().root().userObject() instanceof ImageRepoCli r ? r : null;
        if (root != null && root.debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("imagerepo: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
