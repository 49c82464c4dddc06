package org.imagerepo.cli;

import org.imagerepo.client.Image;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.Images;
import org.imagerepo.client.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "get", sortOptions = false,
        description = {
                "Download an image's file, verify its SHA-256 and print where it was written.",
                "Without -o the file is named after the image (its name, else its id) in the current directory."
        })
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    ImageRepoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the image's id (or give --uri)")
    String id;

    @Option(names = "--uri", paramLabel = "URI",
            description = "fetch the image by its imgURI (or another of its locations) instead of its id")
    String uri;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the file (a directory: the default name inside it); replaced if it exists")
    Path target;

    @Option(names = {"-f", "--force"}, description = "replace an existing file of the default name")
    boolean force;

    @Option(names = "--from", paramLabel = "STORE",
            description = "fetch the copy held by this store (fs, gridfs, s3, swift); default: the repository picks")
    String store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "what to print: table (the path) or json (path, id, size, sha256)")
    OutputOptions.Format format;

    @Override
    public Integer call() {
        if ((id == null) == (uri == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either an image ID or --uri URI");
        }
        Images images = root.client(spec).images();
        if (uri != null) {
            id = images.showAt(uri).imgId();
        }
        Path path;
        if (target == null) {
            Image image = images.show(id);
            path = root.workDir().resolve(defaultName(image));
            if (Files.exists(path) && !force) {
                throw new ImageRepoException(ImageRepoException.Kind.IO,
                        path + " already exists; use -o FILE to choose another name or --force to replace it");
            }
        } else if (Files.isDirectory(target)) {
            path = target.resolve(defaultName(images.show(id)));
        } else {
            path = target;
        }
        ProgressListener progress = root.showProgress()
                ? new ProgressBar(spec.commandLine().getErr(), ProgressBar.label(path.getFileName().toString()))
                : ProgressListener.NONE;
        if (uri != null) {
            images.downloadAt(uri, path, progress);
        } else {
            images.download(id, path, store, progress);
        }
        if (format == OutputOptions.Format.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("imgId", id);
            result.put("path", path.toString());
            try {
                result.put("size", Files.size(path));
            } catch (java.io.IOException e) {
                result.put("size", null);
            }
            Output.json(spec.commandLine().getOut(), result);
        } else {
            spec.commandLine().getOut().println(path);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The image's name made safe as a file name, or its id. */
    static String defaultName(Image image) {
        String name = image.name();
        if (name != null) {
            name = name.strip().replace('/', '_').replace('\\', '_').replace('\0', '_');
            if (name.startsWith(".")) {
                name = "_" + name.substring(1);
            }
        }
        return name == null || name.isEmpty() ? image.imgId() : name;
    }
}
