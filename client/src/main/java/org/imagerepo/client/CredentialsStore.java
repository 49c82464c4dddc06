package org.imagerepo.client;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The token cache: {@code credentials.json} in the configuration folder ({@code $IMAGEREPO_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/imagerepo}, else {@code ~/.config/imagerepo}).
 *
 * <p>The file holds secrets, so it is only ever readable by its owner: each version is written to a new file
 * <em>created</em> with permissions 600 (never a world-readable file tightened afterwards, which others could open
 * in between) and then renamed over the old one, so that a reader sees the old tokens or the new, never half a
 * file. The folder is created 700.
 */
public final class CredentialsStore {

    public static final String FILE_NAME = "credentials.json";
    /** The environment variable that names the configuration folder. */
    public static final String ENV_CONFIG_DIR = "IMAGEREPO_CONFIG_DIR";

    private static final Set<PosixFilePermission> FILE_600 = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_700 = PosixFilePermissions.fromString("rwx------");

    private final Path directory;

    public CredentialsStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The store in the folder the environment names (see {@link #defaultDirectory}). */
    public static CredentialsStore fromEnvironment(Map<String, String> env) {
        return new CredentialsStore(defaultDirectory(env, System.getProperty("user.home")));
    }

    /**
     * {@code $IMAGEREPO_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/imagerepo} (when absolute, as the XDG
     * specification asks), else {@code userHome/.config/imagerepo}.
     */
    public static Path defaultDirectory(Map<String, String> env, String userHome) {
        String own = env.get(ENV_CONFIG_DIR);
        if (own != null && !own.isBlank()) {
            return Path.of(own.strip());
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.strip()).isAbsolute()) {
            return Path.of(xdg.strip(), "imagerepo");
        }
        return Path.of(userHome, ".config", "imagerepo");
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /** The saved sign-in, or empty when there is none. */
    public Optional<Credentials> load() {
        Path file = file();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(Json.mapper().readValue(bytes, Credentials.class));
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, file + " is damaged (" + message(e)
                    + "): sign in again with: imagerepo login", e);
        }
    }

    /** Saves {@code credentials}, replacing what was there, in a file only its owner can read. */
    public void save(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        byte[] json;
        try {
            json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the credentials as JSON", e);
        }
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = directory.resolve("." + FILE_NAME + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        boolean created = false;
        try {
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIR_700));
                } else {
                    Files.createDirectories(directory);
                }
            }
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE_600)}
                    : new FileAttribute<?>[0];
            // CREATE_NEW: the file is made by this call, with these permissions, or the call fails; a file planted
            // under the name beforehand (with other permissions) is never written to.
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attrs)) {
                created = true;
                ByteBuffer buf = ByteBuffer.wrap(json);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot save the sign-in: " + tmp
                    + " exists already", e);
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot save the sign-in in " + file() + ": "
                    + message(e), e);
        } finally {
            try {
                if (created) {
                    Files.deleteIfExists(tmp); // gone already unless the rename failed
                }
            } catch (IOException ignored) {
                // best effort: it holds nothing that the saved file does not
            }
        }
    }

    /** Forgets the saved sign-in; whether there was one. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot remove " + file() + ": " + message(e), e);
        }
    }

    private static String message(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return "CredentialsStore[" + file() + "]";
    }
}
