package org.imagerepo.cli;

import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.ImageRepoException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code imagerepo} command: the repository's REST resources as subcommands named as in the original
 * FutureGrid image repository ({@code put, get, query, list, show, modify, remove}), plus {@code copy} between stores.
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
                CommandLine.HelpCommand.class
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  IMAGEREPO_URL   base URL of the repository (default " + ImageRepoClient.DEFAULT_URL + ")",
                "  IMAGEREPO_USER  the user to act as (default: your login name)",
                "",
                "Exit status: 0 success, 1 the repository or the file system refused, 2 usage error."
        })
public final class ImageRepoCli implements Runnable {

    public static final String ENV_URL = "IMAGEREPO_URL";
    public static final String ENV_USER = "IMAGEREPO_USER";
    /** Set by bin/imagerepo to whether stderr is a terminal (the JDK cannot tell on its own). */
    public static final String TTY_PROPERTY = "imagerepo.stderr.tty";
    /** Set by bin/imagerepo to the terminal's width, for the progress bar. */
    public static final String COLUMNS_PROPERTY = "imagerepo.columns";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT, order = 100,
            description = "base URL of the repository (env " + ENV_URL + ", default " + ImageRepoClient.DEFAULT_URL + ")")
    String url;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT, order = 101,
            description = "act as this user (env " + ENV_USER + ", default your login name)")
    String user;

    @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT, order = 102,
            description = "show a progress bar on stderr during transfers (default: only when stderr is a terminal)")
    Boolean progress;

    @Option(names = "--debug", hidden = true, scope = ScopeType.INHERIT,
            description = "print stack traces of errors")
    boolean debug;

    private final Map<String, String> env;
    private final boolean terminal;
    private final Path workDir;
    private ImageRepoClient client;

    /** The command as run from a shell: the process environment, the real working directory. */
    public ImageRepoCli() {
        this(System.getenv(), stderrIsTerminal(), Path.of(""));
    }

    /**
     * @param env      where {@value #ENV_URL} and {@value #ENV_USER} are looked up
     * @param terminal whether stderr is a terminal (progress bars are then shown by default)
     * @param workDir  where {@code get} writes when given no {@code -o}
     */
    public ImageRepoCli(Map<String, String> env, boolean terminal, Path workDir) {
        this.env = env;
        this.terminal = terminal;
        this.workDir = workDir;
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

    /** The client, made on first use from the options and the environment. */
    ImageRepoClient client(CommandSpec caller) {
        if (client == null) {
            String base = firstNonBlank(url, env.get(ENV_URL), ImageRepoClient.DEFAULT_URL);
            String who = firstNonBlank(user, env.get(ENV_USER), System.getProperty("user.name"));
            try {
                client = ImageRepoClient.builder().baseUri(base).user(who).build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(caller.commandLine(),
                        "invalid --url" + (url == null ? " (from " + ENV_URL + ")" : "") + ": " + e.getMessage());
            }
        }
        return client;
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
        if (ex instanceof ImageRepoException ire) {
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
